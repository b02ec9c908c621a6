#!/usr/bin/env bash
# `npm start`: set up whatever is missing, then run the media engine and the control plane on the
# embedded SQLite database under ./data (migrations run automatically; the first admin's password
# is printed once). Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

node packages/media-engine/bin/mediaengine.js &
engine=$!
stop_engine() { kill -TERM "$engine" 2>/dev/null || true; wait "$engine" 2>/dev/null || true; }
trap stop_engine EXIT

node packages/server/bin/grimnirradio.js serve
