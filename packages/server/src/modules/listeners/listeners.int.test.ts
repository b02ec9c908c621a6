import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatFor } from '@grimnir/codec';
import { readHeader } from '@grimnir/codec/testing';
import type { GrimnirEvent } from '@grimnir/contracts';
import { decodeToPcm, makeToneMp3 } from '@grimnir/test-kit/tone-fixtures.js';
import { createLogger } from '../../infra/logger.js';
import { buildTestApp, type TestApp } from '../../test-support/app.js';
import { FileLoopFeeder } from '../../test-support/file-loop-feeder.js';
import { dominantFrequency } from '../../test-support/goertzel.js';
import { openStream, type StreamResponse } from '../../test-support/stream-client.js';
import type { MountBroadcast } from './broadcast.js';

let dir: string;
let tone: Buffer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'grimnir-listeners-'));
  tone = readFileSync(await makeToneMp3(dir, { freq: 440, seconds: 10 }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let t: TestApp;
let feeder: FileLoopFeeder | undefined;
const streams: StreamResponse[] = [];
afterEach(async () => {
  feeder?.stop();
  feeder = undefined;
  for (const s of streams.splice(0)) s.close();
  await t.close();
});

/** The app's log lines (info and up), parsed, for the tests that read them. */
const logLines: Record<string, unknown>[] = [];
/** `listener left` lines of this test's station (an earlier test's streams may close late). */
const leftLines = (stationId: string) =>
  logLines.filter((l) => l.msg === 'listener left' && l.station_id === stationId);

async function setup(realtime: NonNullable<Parameters<typeof buildTestApp>[0]>['realtime'] = {}) {
  logLines.length = 0;
  const log = createLogger('info', {
    write: (line) => logLines.push(JSON.parse(line) as Record<string, unknown>),
  });
  t = await buildTestApp({ realtime, log });
  const admin = await t.adminToken();
  const station = await t.makeStation(admin, { name: 'Tone FM', description: 'A test tone' });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const port = (t.app.server.address() as AddressInfo).port;
  const mount = (await t.services.repositories.mounts.findByName(station.slug))!;
  const hub = await t.realtime.broadcasts.open(mount);
  const listen = async (path: string, headers: Record<string, string> = {}, paused = false) => {
    const s = await openStream(port, path, headers, { paused });
    streams.push(s);
    return s;
  };
  return { port, station, mount, hub, listen };
}
const feed = (hub: MountBroadcast) => {
  feeder = new FileLoopFeeder(hub, tone, { framing: 'mp3', prerollSeconds: 3 }).start();
  return feeder;
};

describe('listener streams', () => {
  it('sends Icecast-style headers, a frame-aligned burst at once, then live audio at 440 Hz', async () => {
    const { hub, station, listen } = await setup();
    feed(hub);
    await new Promise((r) => setTimeout(r, 200));
    const s = await listen(`/stream/${station.slug}`);
    expect(s.status).toBe(200);
    expect(s.headers).toMatchObject({
      'content-type': 'audio/mpeg',
      'cache-control': 'no-cache, no-store',
      connection: 'close',
      'icy-name': 'Tone FM',
      'icy-description': 'A test tone',
      'icy-br': '128',
      'icy-pub': '1',
    });
    expect(s.headers['content-length']).toBeUndefined();
    expect(s.headers['transfer-encoding']).toBeUndefined();
    expect(s.headers['icy-metaint']).toBeUndefined();
    // The burst (3 s at 128 kbit/s) arrives without waiting for real time.
    const burst = await s.waitForBytes(40_000, 2000);
    expect(readHeader(formatFor('mp3'), burst.subarray(0, 4))).toMatchObject({
      length: expect.any(Number),
    });
    const all = await s.waitForBytes(48_000 + 64_000);
    const pcm = await decodeToPcm(dir, all);
    expect(pcm.length).toBeGreaterThan(44100 * 5);
    for (let at = 0; at + 8192 <= pcm.length; at += 44100) {
      expect(dominantFrequency(pcm.subarray(at, at + 8192), 44100, [220, 440, 660, 880])).toBe(440);
    }
    expect(hub.listenerCount).toBe(1);
  });

  it('interleaves the current title at exactly every icy-metaint bytes', async () => {
    const { hub, station, listen } = await setup({ hubs: { metaint: 8192 } });
    hub.setTitle('Grimnir – Tone 440');
    feed(hub);
    await new Promise((r) => setTimeout(r, 200));
    const s = await listen(`/live/${station.slug}`, { 'Icy-MetaData': '1' });
    expect(s.headers['icy-metaint']).toBe('8192');
    await s.waitForBytes(60_000);
    hub.setTitle('Second title');
    const wire = await s.waitForBytes(100_000);
    const titles: string[] = [];
    const audio: Buffer[] = [];
    let pos = 0;
    while (pos + 8192 < wire.length) {
      audio.push(wire.subarray(pos, pos + 8192));
      pos += 8192;
      const n = wire[pos]!;
      const text = wire.subarray(pos + 1, pos + 1 + n * 16).toString('utf8');
      if (n > 0) titles.push(/^StreamTitle='(.*)';\0*$/s.exec(text)![1]!);
      pos += 1 + n * 16;
    }
    expect(titles).toEqual(['Grimnir – Tone 440', 'Second title']);
    // With the metadata removed, what is left is a clean MP3 stream.
    const pcm = await decodeToPcm(dir, Buffer.concat(audio));
    expect(dominantFrequency(pcm.subarray(44100, 44100 + 8192), 44100, [440, 880])).toBe(440);
  });

  it('drops a listener that stops reading while another keeps receiving everything', async () => {
    const { hub, station, listen } = await setup({ hubs: { maxBacklogBytes: 256 * 1024 } });
    hub.publish(tone);
    const normal = await listen(`/stream/${station.slug}`);
    const slow = await listen(`/stream/${station.slug}`, {}, true);
    let droppedAt = -1;
    let sent = 0;
    // Far more than loopback socket buffers hold. Every MiB the healthy listener (a client in
    // this same process) is let catch up, so only the paused one can fall behind: publishing
    // flat out starved even the healthy reader now and then on a busy CI machine.
    let nextSync = 1024 * 1024;
    while (sent < 200 * 1024 * 1024) {
      hub.publish(tone);
      sent += tone.length;
      await new Promise((r) => setImmediate(r));
      if (sent >= nextSync) {
        nextSync += 1024 * 1024;
        await normal.waitForBytes(sent - 128 * 1024);
      }
      if (droppedAt < 0 && hub.listenerCount < 2) droppedAt = sent;
      if (droppedAt >= 0 && sent > droppedAt + 8 * 1024 * 1024) break;
    }
    hub.flush();
    expect(droppedAt).toBeGreaterThan(0);
    // A paused socket notices the server's close only once it reads again.
    slow.socket.resume();
    await slow.closed;
    expect(hub.listenerCount).toBe(1);
    const body = await normal.waitForBytes(sent);
    expect(body.length).toBeGreaterThanOrEqual(sent);
    expect(await metricsRegistryText()).toContain(
      `grimnir_listener_disconnects_total{mount="${station.slug}",reason="slow"} 1`,
    );
    // Its access line says why it ended and how much it got before it fell behind.
    expect(leftLines(station.id)).toEqual([
      expect.objectContaining({ mount: station.slug, reason: 'slow', bytes: expect.any(Number) }),
    ]);
  });

  it('serves .m3u/.pls, HEAD, 404 for unknown mounts and 503 when nothing is published', async () => {
    const { port, hub, station, listen } = await setup({ offlineWaitMs: 300 });
    const m3u = await t.app.inject({ method: 'GET', url: `/stream/${station.slug}.m3u` });
    expect(m3u.statusCode).toBe(200);
    expect(m3u.headers['content-type']).toContain('audio/x-mpegurl');
    expect(m3u.body).toMatch(
      new RegExp(`^#EXTM3U\n#EXTINF:-1,Tone FM\nhttp://[^/]+/stream/${station.slug}\n$`),
    );
    const pls = await fetch(`http://127.0.0.1:${port}/live/${station.slug}.pls`);
    expect(await pls.text()).toContain(`File1=http://127.0.0.1:${port}/live/${station.slug}\n`);
    expect((await t.app.inject({ method: 'GET', url: '/stream/nope' })).json()).toMatchObject({
      error: 'not_found',
    });
    expect((await t.app.inject({ method: 'GET', url: '/stream/nope.m3u' })).statusCode).toBe(404);
    const offline = await listen(`/stream/${station.slug}`);
    expect(offline.status).toBe(503);
    expect(offline.headers['retry-after']).toBe('5');
    const waiting = listen(`/stream/${station.slug}`);
    setTimeout(() => feed(hub), 100);
    const s = await waiting;
    expect(s.status).toBe(200);
    await s.waitForBytes(10_000);
    const head = await fetch(`http://127.0.0.1:${port}/stream/${station.slug}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('audio/mpeg');
  });

  it('counts listeners in metrics and publishes throttled listener events', async () => {
    const { hub, station, mount, listen } = await setup();
    const seen: GrimnirEvent[] = [];
    t.realtime.events.subscribe((e) => seen.push(e));
    feed(hub);
    const a = await listen(`/stream/${station.slug}`);
    const b = await listen(`/stream/${station.slug}`);
    await a.waitForBytes(1000);
    await b.waitForBytes(1000);
    const registry = await metricsRegistryText();
    expect(registry).toContain(`grimnir_listeners_current{mount="${station.slug}"} 2`);
    expect(registry).toContain(`grimnir_listener_connects_total{mount="${station.slug}"} 2`);
    a.close();
    await expect.poll(() => hub.listenerCount, { timeout: 5000 }).toBe(1);
    await expect
      .poll(() => seen.at(-1), { timeout: 5000 })
      .toMatchObject({
        type: 'listeners',
        payload: { station_id: station.id, mount: station.slug, mount_id: mount.id, count: 1 },
      });
    expect(seen.length).toBeLessThanOrEqual(3);
    expect(await metricsRegistryText()).toContain(
      `grimnir_listener_disconnects_total{mount="${station.slug}",reason="client_closed"} 1`,
    );
    // One access line for the stream that ended, written when it ended (the socket left
    // Fastify when the stream began), with the request id its response head carried.
    const [left, ...more] = leftLines(station.id);
    expect(more).toEqual([]);
    expect(left).toMatchObject({
      station_id: station.id,
      mount: station.slug,
      reason: 'client_closed',
      request_id: a.headers['x-request-id'],
      seconds: expect.any(Number),
    });
    expect(left!.bytes).toBeGreaterThanOrEqual(1000);
  });
});

async function metricsRegistryText(): Promise<string> {
  return t.metrics.registry.metrics();
}
