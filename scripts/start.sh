#!/usr/bin/env bash
# `npm start`: set up whatever is missing, then run the station on the embedded SQLite database
# under ./data (migrations run automatically; the first admin's password is printed once).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node packages/server/bin/grimnirradio.js serve
