#!/usr/bin/env bash
# `npm test`: the whole suite — type check, lint, formatting, unit and integration tests (SQLite).
# GRIMNIR_TEST_DB=postgres runs the integration tests against PostgreSQL instead.
# VITEST_JSON=file also writes machine-readable results (CI sums them).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx tsc -p tsconfig.json
npx eslint --max-warnings 0 .
npx depcruise --config .dependency-cruiser.js packages/*/src
npx knip --no-progress
npx prettier --check . >/dev/null || { npx prettier --list-different .; echo "prettier: run npm run format"; exit 1; }
reporters=(--reporter=default)
web_reporters=(--reporter=default)
if [[ -n "${VITEST_JSON:-}" ]]; then
  reporters+=(--reporter=json "--outputFile.json=$VITEST_JSON")
  web_reporters+=(--reporter=json "--outputFile.json=${VITEST_JSON%.json}-web.json")
fi
if [[ $# -gt 0 ]]; then exec npx vitest run "${reporters[@]}" "$@"; fi
# The browser tests run after the rest, never beside it: an engine on air and a browser would
# load this 2-core machine through the timing-sensitive integration tests.
status=0
npx vitest run "${reporters[@]}" --project unit --project integration || status=1
npx vitest run "${web_reporters[@]}" --project web-e2e || status=1
exit $status
