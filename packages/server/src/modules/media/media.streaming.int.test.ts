import { randomBytes } from 'node:crypto';
import { request, type IncomingMessage } from 'node:http';
import { readdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test-support/app.js';
import { mediaWorld, type MediaWorld } from '../../test-support/media.js';

/**
 * Uploads through a real listening socket: the body must stream to disk (never sit in memory),
 * oversized bodies must be cut off, and a client vanishing mid-body must leave nothing behind.
 */

let big: TestApp;
let small: TestApp;
let bigWorld: MediaWorld;
let smallWorld: MediaWorld;

beforeAll(async () => {
  big = await buildTestApp();
  small = await buildTestApp({ env: { GRIMNIR_MAX_UPLOAD_MB: '1' } });
  bigWorld = await mediaWorld(big);
  smallWorld = await mediaWorld(small);
  await big.app.listen({ port: 0, host: '127.0.0.1' });
  await small.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await big.close();
  await small.close();
});

/** 16-bit stereo 44.1 kHz WAV header for `dataBytes` of samples. */
function wavHeader(dataBytes: number): Buffer {
  const b = Buffer.alloc(44);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(36 + dataBytes, 4);
  b.write('WAVEfmt ', 8, 'latin1');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(2, 22);
  b.writeUInt32LE(44_100, 24);
  b.writeUInt32LE(176_400, 28);
  b.writeUInt16LE(4, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'latin1');
  b.writeUInt32LE(dataBytes, 40);
  return b;
}

interface Upload {
  readonly done: Promise<{ status: number; body: string }>;
  /** Resolves once `bytes` of the file have been handed to the socket. */
  readonly wrote: (bytes: number) => Promise<void>;
  readonly abort: () => void;
}

/** Streams a multipart upload of a WAV with `dataBytes` of noise-free samples, chunk by chunk. */
function streamUpload(
  h: TestApp,
  auth: Record<string, string>,
  stationId: string,
  dataBytes: number,
  chunk = 1024 * 1024,
): Upload {
  const boundary = `----grimnir${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="station_id"\r\n\r\n${stationId}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="long.wav"\r\nContent-Type: audio/wav\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const header = wavHeader(dataBytes);
  // A distinct first sample per run, so repeated runs never collide on the content hash.
  const salt = randomBytes(4);
  const { port } = h.app.server.address() as AddressInfo;
  const req = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/api/v1/media',
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': head.length + header.length + dataBytes + tail.length,
      ...auth,
    },
  });
  let sent = 0;
  const waiters: { bytes: number; resolve: () => void }[] = [];
  const done = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
  const zeros = Buffer.alloc(chunk);
  const pump = (): void => {
    while (sent < dataBytes) {
      const n = Math.min(chunk, dataBytes - sent);
      const piece =
        sent === 0 ? Buffer.concat([salt, zeros.subarray(salt.length, n)]) : zeros.subarray(0, n);
      sent += n;
      for (const w of waiters.filter((x) => x.bytes <= sent)) w.resolve();
      if (!req.write(piece)) return void req.once('drain', pump);
    }
    req.end(tail);
  };
  req.write(Buffer.concat([head, header]));
  pump();
  return {
    done,
    wrote: (bytes) =>
      new Promise((resolve) => (sent >= bytes ? resolve() : waiters.push({ bytes, resolve }))),
    abort: () => req.destroy(),
  };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('streaming uploads over a real socket', () => {
  it('stores a 120 MB upload without holding it in memory', async () => {
    const dataBytes = 120 * 1024 * 1024;
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const upload = streamUpload(big, bigWorld.djA, bigWorld.stationA, dataBytes);
    const res = await upload.done.finally(() => clearInterval(sampler));
    expect(res.status).toBe(201);
    const media = JSON.parse(res.body) as {
      size_bytes: number;
      duration_ms: number;
      mime_type: string;
    };
    expect(media).toMatchObject({ size_bytes: dataBytes + 44, mime_type: 'audio/wav' });
    expect(Math.abs(media.duration_ms - (dataBytes / 176_400) * 1000)).toBeLessThan(50);
    // Buffering the body would cost at least its 120 MB; streaming measured ~32 MB of transient
    // buffers (socket chunks awaiting GC), so 80 MB leaves room for a loaded CI machine.
    expect(peak - baseline).toBeLessThan(80 * 1024 * 1024);
  }, 120_000);

  it('cuts an oversized upload off with 413 and keeps nothing', async () => {
    const upload = streamUpload(
      small,
      smallWorld.djA,
      smallWorld.stationA,
      4 * 1024 * 1024,
      16 * 1024,
    );
    const res = await upload.done.catch((err: unknown) => ({ status: -1, body: String(err) }));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'payload_too_large' });
    await eventually(async () => (await filesUnder(small.mediaRoot)).length === 0);
  });

  it('leaves nothing behind when the client disconnects mid-body', async () => {
    const upload = streamUpload(big, bigWorld.djB, bigWorld.stationB, 64 * 1024 * 1024, 256 * 1024);
    upload.done.catch(() => undefined);
    await upload.wrote(8 * 1024 * 1024);
    await eventually(async () => (await filesUnder(join(big.mediaRoot, '.tmp'))).length === 1);
    upload.abort();
    await eventually(async () =>
      (await filesUnder(big.mediaRoot)).every((f) => !f.endsWith('.part')),
    );
    expect(await filesUnder(join(big.mediaRoot, bigWorld.stationB))).toEqual([]);
    const rows = await big.database.db
      .selectFrom('media')
      .select('id')
      .where('station_id', '=', bigWorld.stationB)
      .execute();
    expect(rows).toEqual([]);
  });
});
