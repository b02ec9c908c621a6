#!/usr/bin/env bash
# `npm start`: set up whatever is missing, then run the media engine and the control plane on the
# embedded SQLite database under ./data (migrations run automatically; the first admin's password
# is printed once). The engine is supervised: a dead engine is restarted with back-off (0.5 s
# doubling to 30 s, reset after a stable minute), as systemd and Kubernetes do in production.
# Ctrl-C stops both (packages/server/src/ops/start-embedded.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

# The engine's outbound allow-list follows the control plane's unless set on its own.
export GRIMNIR_MEDIA_ENGINE_OUTBOUND_ALLOW="${GRIMNIR_MEDIA_ENGINE_OUTBOUND_ALLOW:-${GRIMNIR_OUTBOUND_ALLOW:-}}"
exec node packages/server/bin/grimnir-start.js
