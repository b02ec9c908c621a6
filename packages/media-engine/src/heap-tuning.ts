import v8 from 'node:v8';

// V8 doubles its young generation (semi-spaces, up to 16 MB each on 64-bit) whenever enough
// survives a scavenge, and never shrinks it while the engine is busy. The engine's garbage is
// small and steady (per-tick PCM wrappers, pipe chunks), so the growth bought little time and
// cost ~20 MB of RSS at one station; dead pipe-chunk ArrayBuffers also waited for the rarer
// scavenges. Pinned at the initial 1 MB semi-space (issue 17). A growth factor, unlike
// --max-semi-space-size, is read by V8 each time it grows the space, so setting it here, before
// anything else is loaded, works without a launcher passing Node flags (the Docker entrypoint,
// the bench and the tests start the engine differently). heap-tuning.int.test.ts checks it.
const YOUNG_GENERATION_FLAG = '--semi-space-growth-factor=1';

v8.setFlagsFromString(YOUNG_GENERATION_FLAG);
