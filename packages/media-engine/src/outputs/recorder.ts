import fs from 'node:fs';
import type { Logger } from 'pino';
import type { Sink } from './fanout.js';

const MAX_BACKLOG = 4 * 1024 * 1024;

// Appends a mount's encoded stream to a file; a slow disk loses bytes, never the air.
export function createRecorder(path: string, logger: Logger): Sink & { dropped: () => number } {
  const stream = fs.createWriteStream(path, { flags: 'a' });
  let dropped = 0;
  let broken = false;
  stream.on('error', (err) => {
    broken = true;
    logger.error({ err, path }, 'recorder failed');
  });
  return {
    write(chunk) {
      if (broken) return;
      if (stream.writableLength > MAX_BACKLOG) {
        dropped += chunk.length;
        return;
      }
      stream.write(chunk);
    },
    close() {
      stream.end();
    },
    dropped: () => dropped,
  };
}
