import v8 from 'node:v8';
import vm from 'node:vm';

// Pipe chunks are copied into slabs and dropped at once, but their memory (outside V8's heap)
// is only freed at the next scavenge, and V8 paces scavenges by JavaScript allocation, not by
// this: at 4 stations the dead chunks of decoders filling their read-ahead reached 20+ MB
// before a GC, and glibc kept that high-water mark as RSS (issue 17). A minor GC after every
// few MB of dropped chunks bounds it; with the 1 MB young generation (heap-tuning.ts) one takes
// well under a millisecond, about once a second at 20 stations.
const BYTES_PER_COLLECTION = 4 * 1024 * 1024;

export function collectionDue(droppedBytes: number, threshold = BYTES_PER_COLLECTION): boolean {
  return droppedBytes >= threshold;
}

let dropped = 0;
let scheduled = false;
let minorGc: (() => void) | undefined;

// `gc` is installed in contexts created once the flag is set; the engine itself is not started
// with --expose-gc, and nothing else sees the function.
function collector(): () => void {
  if (minorGc === undefined) {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as (options: { type: 'minor' }) => void;
    minorGc = () => gc({ type: 'minor' });
  }
  return minorGc;
}

/** Counts bytes of pipe chunks just dropped; schedules a minor GC once enough are waiting. */
export function noteDropped(bytes: number): void {
  dropped += bytes;
  if (scheduled || !collectionDue(dropped)) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    dropped = 0;
    collector()();
  });
}
