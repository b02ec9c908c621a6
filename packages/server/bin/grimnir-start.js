#!/usr/bin/env node
// `npm start` (scripts/start.sh): the media engine, restarted when it dies, and the control plane
// (packages/server/src/ops/start-embedded.ts).
import '../dist/ops/start-embedded.js';
