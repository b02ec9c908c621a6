import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { get } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { GrimnirEvent } from '@grimnir/contracts';
import { decodeToPcm, makeToneMp3 } from '@grimnir/test-kit/tone-fixtures.js';
import { buildTestApp, type TestApp } from '../../test-support/app.js';
import { FileLoopFeeder } from '../../test-support/file-loop-feeder.js';
import { dominantFrequency } from '../../test-support/goertzel.js';
import { startNginx } from '../../test-support/nginx.js';
import { openStream } from '../../test-support/stream-client.js';

/** Streaming and the events WebSocket through nginx with the seed guide's site config. */
let dir: string;
let t: TestApp;
let feeder: FileLoopFeeder;
let nginx: Awaited<ReturnType<typeof startNginx>>;
let slug: string;
let stationId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'grimnir-nginx-'));
  const tone = readFileSync(await makeToneMp3(dir, { freq: 440, seconds: 10 }));
  t = await buildTestApp({ env: { GRIMNIR_TRUST_PROXY: 'true' } });
  const station = await t.makeStation(await t.adminToken(), { name: 'Proxy FM' });
  slug = station.slug;
  stationId = station.id;
  const hub = await t.realtime.broadcasts.open(
    (await t.services.repositories.mounts.findByName(slug))!,
  );
  feeder = new FileLoopFeeder(hub, tone, { framing: 'mp3', prerollSeconds: 3 }).start();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  nginx = await startNginx(join(dir, 'nginx'), (t.app.server.address() as AddressInfo).port);
});
afterAll(async () => {
  feeder.stop();
  await nginx.stop();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

function httpsGet(path: string, headers: Record<string, string> = {}): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    get(
      {
        host: '127.0.0.1',
        port: nginx.httpsPort,
        path,
        servername: 'radio.example.com',
        rejectUnauthorized: false,
        headers: { host: 'radio.example.com', ...headers },
      },
      resolve,
    ).on('error', reject);
  });
}

function collect(res: IncomingMessage, bytes: number, timeoutMs = 20_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let n = 0;
    const timer = setTimeout(() => reject(new Error(`only ${n} bytes`)), timeoutMs);
    res.on('data', (d: Buffer) => {
      parts.push(d);
      n += d.length;
      if (n >= bytes) {
        clearTimeout(timer);
        res.destroy();
        resolve(Buffer.concat(parts));
      }
    });
  });
}

describe('behind nginx with the guide’s config', () => {
  it('streams without buffering: burst at once, then live audio that decodes to 440 Hz', async () => {
    const started = Date.now();
    const res = await httpsGet(`/stream/${slug}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('audio/mpeg');
    expect(res.headers['icy-name']).toBe('Proxy FM');
    expect(res.headers['cache-control']).toBe('no-cache, no-store');
    const burst = await collect(res, 32_000, 3000);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(burst.length).toBeGreaterThanOrEqual(32_000);
    const res2 = await httpsGet(`/live/${slug}`);
    const audio = await collect(res2, 48_000 + 48_000);
    const pcm = await decodeToPcm(dir, audio);
    expect(dominantFrequency(pcm.subarray(88200, 88200 + 8192), 44100, [220, 440, 880])).toBe(440);
  });

  it('passes Icy-MetaData through and builds https playlist links from X-Forwarded-Proto', async () => {
    const res = await httpsGet(`/stream/${slug}`, { 'icy-metadata': '1' });
    expect(res.headers['icy-metaint']).toBe('16000');
    res.destroy();
    const m3u = await httpsGet(`/stream/${slug}.m3u`);
    const body = (await collect(m3u, 20)).toString('utf8');
    expect(body).toContain(`https://radio.example.com/stream/${slug}`);
    const plain = await openStream(nginx.httpPort, `/stream/${slug}`, {
      Host: 'radio.example.com',
    });
    expect(plain.status).toBe(301);
    plain.close();
  });

  it('upgrades the events WebSocket (and refuses it without a token)', async () => {
    const url = `wss://127.0.0.1:${nginx.httpsPort}/api/v1/events`;
    const opts = { rejectUnauthorized: false, headers: { host: 'radio.example.com' } };
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(url, opts);
      ws.on('unexpected-response', (req, r) => {
        req.destroy();
        resolve(r.statusCode ?? 0);
      });
      ws.on('error', () => resolve(-1));
    });
    expect(refused).toBe(401);
    const token = await t.adminToken();
    const ws = new WebSocket(`${url}?token=${token}`, opts);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const got = new Promise<GrimnirEvent>((resolve) =>
      ws.once('message', (d: Buffer) => resolve(JSON.parse(d.toString('utf8')))),
    );
    const event: GrimnirEvent = {
      type: 'schedule_update',
      payload: { station_id: stationId, at: 'x', start: 'a', end: 'b', reason: 'proxy test' },
    };
    t.realtime.events.publish(event);
    expect(await got).toEqual(event);
    ws.terminate();
  });
});
