import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { decodeStdinCommand } from './pipelines.js';
import type { ChildProc, Spawner } from './process.js';

/**
 * Decoder children started before anyone needs them: `gst-launch` has loaded its plugin
 * registry and built `fdsrc ! decodebin ! …` and waits on stdin, so an item that must start at
 * once (an emergency) skips GStreamer's start-up: spawn to first PCM of an MP3 took a median
 * 37 ms cold and 13 ms warm on the 2-core VM under load (issue 17). Bounded, idle at 0 % CPU and
 * ~4.5 MB PSS each (its registry of plugins), spawned through the supervisor like every child
 * (watchdog, killed with the engine).
 */
export interface WarmDecoders {
  /** An idle warm decoder, now the caller's (stream a file with feedFile), or none. */
  take(): ChildProc | undefined;
  /** Warm decoders waiting (tests, status). */
  idle(): number;
  close(): void;
}

// The replacement starts after the item that took a warm decoder is on air: its start-up must
// not compete for the CPU with the first frames of an emergency.
export const REFILL_AFTER_TAKE_MS = 1000;
const FIRST_RETRY_MS = 2000;
const MAX_RETRY_MS = 60_000;

// When the next warm decoder is started, given how many died in a row while idle (0 after a
// take). A GStreamer that cannot even start must not be respawned in a loop.
export function refillDelayMs(diedInARow: number): number {
  if (diedInARow <= 0) return REFILL_AFTER_TAKE_MS;
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (diedInARow - 1));
}

export function createWarmDecoders(spawn: Spawner, size: number): WarmDecoders {
  const idle = new Set<ChildProc>();
  let diedInARow = 0;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const fill = (): void => {
    timer = undefined;
    while (!closed && idle.size < size) {
      const cmd = decodeStdinCommand();
      const proc = spawn({ command: cmd.command, args: cmd.args, env: cmd.env, role: 'decoder' });
      idle.add(proc);
      void proc.exited.then(() => {
        // A taken decoder is its deck's business (restarted there with a seek, if it must be).
        if (!idle.delete(proc)) return;
        diedInARow += 1;
        later(refillDelayMs(diedInARow));
      });
    }
  };
  const later = (ms: number): void => {
    if (closed || timer !== undefined) return;
    timer = setTimeout(fill, ms);
    timer.unref();
  };

  fill();
  return {
    take: () => {
      for (const proc of idle) {
        idle.delete(proc);
        if (proc.hasExited()) continue;
        diedInARow = 0;
        later(refillDelayMs(0));
        return proc;
      }
      return undefined;
    },
    idle: () => idle.size,
    close: () => {
      closed = true;
      clearTimeout(timer);
      for (const proc of idle) proc.kill();
      idle.clear();
    },
  };
}

/**
 * Streams a file into a warm decoder's stdin. A file that cannot be read, or is empty, kills
 * the decoder, as filesrc fails on it: gst-launch given no byte at all before end of input
 * posts its typefind error and then hangs about one time in five (measured). The deck's
 * decoder then takes its usual course (a restart with a seek, then giving up). A decoder that
 * is closed or replaced stops the read.
 */
export function feedFile(path: string, proc: ChildProc): void {
  const file = createReadStream(path);
  pipeline(file, proc.stdin).then(
    () => {
      if (file.bytesRead === 0) proc.kill();
    },
    () => proc.kill(),
  );
}
