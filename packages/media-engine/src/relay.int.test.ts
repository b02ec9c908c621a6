import { createReadStream } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent, EngineItem } from '@grimnir/contracts';
import { createEngineClient, type EngineClient } from '@grimnir/engine-client';
import {
  processesWithMarker,
  startEngine,
  waitFor,
  type EngineProcess,
} from '@grimnir/test-kit/engine-process.js';
import { decodeBytesToMono, makeTempDir, makeTone } from '@grimnir/test-kit/fixtures.js';
import { freePort, startIcecast, type Icecast } from '@grimnir/test-kit/icecast.js';
import { makeItem, recordWhile, sleep, stationConfig } from '@grimnir/test-kit/station-fixture.js';
import { longestSilentRun, toneSequence } from '@grimnir/test-kit/tone-detect.js';

// Relay items (webstreams): the engine fetches remote HTTP streams itself (through the
// outbound fence, credentials never on a command line) and pipes them into a decoder, fails
// over along the URL list and falls back to the station fallback when every URL fails.

let engine: EngineProcess;
let client: EngineClient;
let tmp: { dir: string; cleanup: () => Promise<void> };
let server: http.Server;
let other: http.Server;
let otherHits = 0;
let base: string;
let refused: string;
let icecast: Icecast | undefined;
const TONES = [440, 660, 880, 1320];
const RATE = 44_100;

beforeAll(async () => {
  tmp = await makeTempDir();
  const files = new Map<string, string>();
  for (const [name, freq, seconds] of [
    ['a440.mp3', 440, 2],
    ['b660.mp3', 660, 20],
    ['c880.mp3', 880, 20],
  ] as const)
    files.set(name, await makeTone(path.join(tmp.dir, name), { freq, seconds }));
  await makeTone(path.join(tmp.dir, 'fb1320.mp3'), { freq: 1320, seconds: 30 });
  server = http.createServer((req, res) => {
    // Accepts and never answers: only the decoder's stall watch gets past it.
    if (req.url === '/hang') return;
    if (req.url === '/private/b660.mp3') {
      const expected = `Basic ${Buffer.from('dj:s3cret-pw').toString('base64')}`;
      if (req.headers.authorization !== expected) return void res.writeHead(401).end();
      req.url = '/b660.mp3';
    }
    const file = files.get((req.url ?? '').slice(1));
    if (!file) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': 'audio/mpeg' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  refused = `http://127.0.0.1:${await freePort()}/gone.mp3`;
  // Another loopback address the operator did not allow: an "internal service".
  other = http.createServer((_req, res) => {
    otherHits += 1;
    res.writeHead(200, { 'content-type': 'audio/mpeg' });
    createReadStream(files.get('c880.mp3') as string).pipe(res);
  });
  await new Promise<void>((r) => other.listen(0, '127.0.0.2', r));
  // The test servers are on 127.0.0.1, which only this allow-list opens (127.0.0.2 stays shut).
  engine = await startEngine({ GRIMNIR_MEDIA_ENGINE_OUTBOUND_ALLOW: '127.0.0.1' });
  client = createEngineClient({ address: engine.address });
});

afterAll(async () => {
  client?.close();
  await engine?.stop();
  await icecast?.stop();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  other?.closeAllConnections();
  await new Promise((r) => other?.close(r));
  await tmp?.cleanup();
});

const relay = (id: string, urls: string[], lengthMs: number): EngineItem =>
  makeItem(id, '', { urls, cue_out_ms: lengthMs, title: `relay ${id}` });

/** Plays `items` on a fresh station (fallback: a 1320 Hz tone) and decodes `seconds` of output. */
async function playAndHear(station: string, items: EngineItem[], seconds: number) {
  const fallback = makeItem('fb', path.join(tmp.dir, 'fb1320.mp3'));
  await client.configureStation(stationConfig(station, { fallback: [fallback] }));
  const events: EngineEvent[] = [];
  const sub = client.subscribeEvents(station, (e) => events.push(e));
  for (const i of items) await client.load(station, i);
  const bytes = await recordWhile(client, station, 'main.mp3', async () => {
    await client.play(station);
    await sleep(seconds * 1000);
  });
  sub.close();
  const status = await client.status(station);
  await client.removeStation(station);
  const pcm = await decodeBytesToMono(bytes, tmp.dir, 'mp3');
  const started = events.flatMap((e) => (e.event === 'track_started' ? [e.track_started] : []));
  return { pcm, started, status };
}

/** Index of the first sample above -40 dBFS: when audio starts. */
function firstSound(pcm: Float32Array): number {
  for (let i = 0; i < pcm.length; i++) if (Math.abs(pcm[i] ?? 0) > 0.01) return i;
  return pcm.length;
}

describe('relay items', () => {
  it('plays a remote stream for its slot length, then the next item', async () => {
    const next = makeItem('next', path.join(tmp.dir, 'fb1320.mp3'), { cue_out_ms: 1500 });
    const { pcm, started } = await playAndHear(
      'relay-ok',
      [relay('r', [`${base}/b660.mp3`], 4000), next],
      7,
    );
    expect(toneSequence(pcm, TONES).slice(0, 2)).toEqual([660, 1320]);
    expect(started.map((t) => t.item_id).slice(0, 2)).toEqual(['r', 'next']);
    expect(started[0]?.title).toBe('relay r');
    // The slot length (cue_out_ms) ends the relay: ~4 s of 660 Hz, not the 20 s stream.
    const from = firstSound(pcm);
    const window = pcm.subarray(from + 3.5 * RATE, from + 4.5 * RATE);
    expect(toneSequence(window, TONES, 2205)).toEqual([660, 1320]);
  });

  it('fails over: refused and 404 URLs are skipped, the next URL is heard', async () => {
    const { pcm, status } = await playAndHear(
      'relay-failover',
      [relay('r', [refused, `${base}/missing.mp3`, `${base}/c880.mp3`], 5000)],
      4,
    );
    expect(toneSequence(pcm, TONES)).toEqual([880]);
    expect(status.current?.item_id).toBe('r');
    // Two dead URLs cost well under a second before the third one plays.
    expect(firstSound(pcm) / RATE).toBeLessThan(2.5);
  });

  it('fails over when a source ends early: the rest of the slot comes from the next URL', async () => {
    const { pcm } = await playAndHear(
      'relay-early-end',
      [relay('r', [`${base}/a440.mp3`, `${base}/b660.mp3`], 5000)],
      5,
    );
    expect(toneSequence(pcm, TONES).slice(0, 2)).toEqual([440, 660]);
    const from = firstSound(pcm);
    // The hand-over from the ended source to the next one leaves no audible gap.
    expect(longestSilentRun(pcm, 0.01, from, from + 4 * RATE) / RATE).toBeLessThan(0.3);
  });

  it('relays a live Icecast mount, its interleaved ICY metadata kept out of the audio', async () => {
    icecast = await startIcecast(tmp.dir);
    // Another station of the same engine is the remote broadcaster: a source on the mount,
    // with title updates (souphttpsrc asks for ICY metadata, so the relay receives them).
    const source = stationConfig('remote', { crossfade_ms: 0 });
    const out = source.outputs[0];
    if (!out) throw new Error('stationConfig has an output');
    out.icecast = {
      ...{ host: '127.0.0.1', port: icecast.port, mount: '/remote.mp3' },
      ...{ user: 'source', password: icecast.password, name: 'remote' },
    };
    await client.configureStation(source);
    await client.load(
      'remote',
      makeItem('song', path.join(tmp.dir, 'b660.mp3'), { title: 'Song' }),
    );
    await client.play('remote');
    await waitFor(
      async () =>
        (await client.status('remote')).outputs[0]?.state === 'connected' ? true : undefined,
      15_000,
      'remote source connected',
    );
    const { pcm, started } = await playAndHear(
      'relay-icecast',
      [relay('r', [`http://127.0.0.1:${icecast.port}/remote.mp3`], 5000)],
      7,
    );
    await client.removeStation('remote');
    expect(toneSequence(pcm, TONES)).toEqual([660, 1320]);
    expect(started.map((t) => t.item_id).slice(0, 2)).toEqual(['r', 'fb']);
    // Metadata blocks decoded as audio would be clicks and gaps inside the relayed tone.
    const from = firstSound(pcm);
    expect(longestSilentRun(pcm, 0.01, from, from + 4 * RATE) / RATE).toBeLessThan(0.05);
  });

  it('fails over from a server that accepts but never sends audio', async () => {
    const { pcm, status } = await playAndHear(
      'relay-hang',
      [relay('r', [`${base}/hang`, `${base}/c880.mp3`], 10_000)],
      7,
    );
    expect(toneSequence(pcm, TONES)).toEqual([880]);
    expect(status.decoder_restarts).toBeGreaterThanOrEqual(1);
    // The stall watch gives a connecting source 4 s; then the next URL is heard at once.
    const heardAt = firstSound(pcm) / RATE;
    expect(heardAt).toBeGreaterThan(3.5);
    expect(heardAt).toBeLessThan(6);
  });

  it('falls back to the station fallback when every URL fails, without dead air', async () => {
    const { pcm, started } = await playAndHear(
      'relay-dead',
      [relay('r', [refused, `${base}/missing.mp3`], 30_000)],
      4,
    );
    expect(toneSequence(pcm, TONES)).toEqual([1320]);
    expect(started.map((t) => t.item_id).slice(0, 2)).toEqual(['r', 'fb']);
    // From play to the fallback's first sample: bounded, not the 30 s slot.
    expect(firstSound(pcm) / RATE).toBeLessThan(2);
    expect(longestSilentRun(pcm, 0.01, firstSound(pcm)) / RATE).toBeLessThan(0.1);
  });

  it('keeps URL credentials off every command line and sends them as Basic auth', async () => {
    const url = `http://dj:s3cret-pw@127.0.0.1:${new URL(base).port}/private/b660.mp3`;
    let cmdlines: string[] = [];
    const fallback = makeItem('fb', path.join(tmp.dir, 'fb1320.mp3'));
    await client.configureStation(stationConfig('relay-auth', { fallback: [fallback] }));
    await client.load('relay-auth', relay('r', [url], 5000));
    const bytes = await recordWhile(client, 'relay-auth', 'main.mp3', async () => {
      await client.play('relay-auth');
      await sleep(2500);
      cmdlines = processesWithMarker(engine.marker).map((p) => p.cmd);
      await sleep(1000);
    });
    await client.removeStation('relay-auth');
    const pcm = await decodeBytesToMono(bytes, tmp.dir, 'mp3');
    expect(toneSequence(pcm, TONES)).toEqual([660]);
    expect(cmdlines.some((c) => c.includes('fdsrc'))).toBe(true);
    expect(cmdlines.filter((c) => /s3cret|127\.0\.0\.1:\d+\/private/.test(c))).toEqual([]);
  });

  it('refuses an address the operator did not allow and plays the fallback instead', async () => {
    const port = (other.address() as AddressInfo).port;
    otherHits = 0;
    const { pcm, started } = await playAndHear(
      'relay-fenced',
      [relay('r', [`http://127.0.0.2:${port}/c880.mp3`], 30_000)],
      3,
    );
    expect(toneSequence(pcm, TONES)).toEqual([1320]);
    expect(started.map((t) => t.item_id).slice(0, 2)).toEqual(['r', 'fb']);
    expect(otherHits).toBe(0);
  });
});
