import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, makeTone } from '@grimnir/test-kit/fixtures.js';
import { decodeFileCommand } from './pipelines.js';
import { type ChildProc, createProcessSupervisor } from './process.js';
import { createWarmDecoders, feedFile } from './warm-decoders.js';

// A warm decoder gets the file through stdin instead of filesrc: decodebin must still find the
// format of every kind of file the library holds, and the PCM must be the very bytes the file
// decoder produces, or an emergency would sound different (or not at all) from its preview.

const supervisor = createProcessSupervisor(pino({ level: 'silent' }), process.env);
let tmp: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  tmp = await makeTempDir();
});

afterAll(async () => {
  supervisor.killAll();
  await tmp?.cleanup();
});

async function drain(proc: ChildProc): Promise<Buffer> {
  const chunks: Buffer[] = [];
  proc.stdout.on('data', (c: Buffer) => chunks.push(c));
  const exit = await proc.exited;
  expect(exit.code, proc.stderrTail()).toBe(0);
  return Buffer.concat(chunks);
}

describe('warm decoders', () => {
  it.each(['mp3', 'ogg', 'flac', 'wav'] as const)(
    'decode %s from stdin to the PCM the file decoder makes',
    async (format) => {
      const file = await makeTone(path.join(tmp.dir, `tone.${format}`), {
        freq: 2650,
        seconds: 2,
        format,
      });
      const cmd = decodeFileCommand(file);
      const viaFile = await drain(
        supervisor.spawn({ command: cmd.command, args: cmd.args, env: cmd.env, role: 'decoder' }),
      );
      const pool = createWarmDecoders(supervisor.spawn, 1);
      // Started and waiting, as it is when an emergency arrives.
      await new Promise((r) => setTimeout(r, 300));
      const warm = pool.take();
      pool.close();
      expect(warm?.hasExited()).toBe(false);
      if (!warm) return;
      feedFile(file, warm);
      const viaStdin = await drain(warm);
      // Two seconds of stereo Float32 at 44.1 kHz (an encoder's padding may add a little).
      expect(viaFile.length).toBeGreaterThanOrEqual(2 * 44_100 * 8);
      // Ogg read as a stream is not trimmed to its last granule position (filesrc lets oggdemux
      // read the end of the file first): the same audio, then the encoder's padding of the last
      // Vorbis block, ~10 ms here and never more than one block.
      const extra = format === 'ogg' ? viaStdin.length - viaFile.length : 0;
      expect(extra).toBeGreaterThanOrEqual(0);
      expect(extra).toBeLessThanOrEqual(2048 * 8);
      expect(viaStdin.length).toBe(viaFile.length + extra);
      expect(viaStdin.subarray(0, viaFile.length).equals(viaFile)).toBe(true);
    },
    20_000,
  );

  it.each([
    ['missing', null],
    ['empty', ''],
    ['not audio', 'not audio at all, '.repeat(1000)],
  ])('fails like the file decoder on a %s file', async (name, content) => {
    const file = path.join(tmp.dir, `${name}.mp3`);
    if (content !== null) await writeFile(file, content);
    const pool = createWarmDecoders(supervisor.spawn, 1);
    const warm = pool.take();
    pool.close();
    if (!warm) throw new Error('no warm decoder');
    feedFile(file, warm);
    const exit = await warm.exited;
    expect(exit.code).not.toBe(0);
  });
});
