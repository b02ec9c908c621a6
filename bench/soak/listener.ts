// A decoded listener: the stream is piped through ffmpeg to 8 kHz mono PCM continuously, and
// every 100 ms block is classified as silent or as the tone (item) it carries. Two clocks:
// - arrival time (when the engine produced the block, give or take the network): compared
//   with now-playing, after the connect burst (the server sends ~3 s of the past at once);
// - a player model (a client plays blocks in order at real time, starting on the first byte,
//   rebuffering a second of audio when it runs dry): dead air is what that player plays as
//   silence plus the time it waited for audio.
import { spawn } from 'node:child_process';
import { get, type ClientRequest } from 'node:http';
import { goertzelAmplitude } from '@grimnir/test-kit/tone-detect.js';

const RATE = 8_000;
const BLOCK = RATE / 10; // 100 ms
const BURST_MS = 4_000;
const SILENT_RMS = 0.003;
const MIN_TONE = 0.02;
const REBUFFER_BLOCKS = 10;

export interface Block {
  atMs: number;
  silent: boolean;
  /** Every candidate audible in it, strongest first (two during a crossfade). */
  tones: number[];
  /** Inside a connect burst: what it carries is seconds old. */
  burst: boolean;
}

/** A stretch a listener heard as dead air: silence played, or the buffer empty. */
export interface DeadAir {
  /** When it ended (it began `seconds` earlier). */
  atMs: number;
  seconds: number;
  kind: 'silence' | 'stall';
}

/** Bytes stopped arriving for this long (before ffmpeg): `atMs` is when they came again. */
export interface ByteGap {
  atMs: number;
  gapMs: number;
}
const BYTE_GAP_MS = 300;

export interface Listener {
  blocks: Block[];
  deadAir: DeadAir[];
  /** Pauses in the stream's bytes: tells a stall upstream from one in decoding. */
  byteGaps: ByteGap[];
  connects: number;
  /** Why each connection ended (status, end, error), with when. */
  drops: { atMs: number; why: string }[];
  stop(): void;
}

export function decodedListener(
  streamUrl: () => string,
  candidates: readonly number[],
  env: NodeJS.ProcessEnv,
  keepBlocks: boolean,
): Listener {
  const blocks: Block[] = [];
  const deadAir: DeadAir[] = [];
  const byteGaps: ByteGap[] = [];
  let lastByteAt = 0;
  let stopped = false;
  let connectedAt = 0;
  const createdAt = Date.now();
  let playhead = 0; // epoch ms up to which the player has audio to play
  let dryAt = 0; // while rebuffering: when the player ran dry (else 0)
  let refill = 0; // blocks received since
  let connects = 0;
  let req: ClientRequest | undefined;
  const drops: { atMs: number; why: string }[] = [];
  const ffmpeg = spawn(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'fatal', '-probesize', '4096', '-analyzeduration', '0'],
      ...['-f', 'mp3', '-i', 'pipe:0', '-f', 's16le', '-ac', '1', '-ar', String(RATE), 'pipe:1'],
    ],
    { stdio: ['pipe', 'pipe', 'ignore'], env },
  );
  ffmpeg.stdin.on('error', () => undefined);
  let pending = Buffer.alloc(0);
  ffmpeg.stdout.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    const now = Date.now();
    while (pending.length >= BLOCK * 2) {
      const samples = new Float32Array(BLOCK);
      let sq = 0;
      for (let i = 0; i < BLOCK; i++) {
        const v = pending.readInt16LE(i * 2) / 32_768;
        samples[i] = v;
        sq += v * v;
      }
      pending = pending.subarray(BLOCK * 2);
      const silent = Math.sqrt(sq / BLOCK) < SILENT_RMS;
      const tones = silent
        ? []
        : candidates
            .map((f) => ({ f, a: goertzelAmplitude(samples, f, RATE) }))
            .filter((x) => x.a >= MIN_TONE)
            .sort((x, y) => y.a - x.a)
            .map((x) => x.f);
      // The player: a block plays when the previous one has finished. One that ran dry waits
      // for a second of audio before it plays again, as browsers and media players rebuffer;
      // the whole wait is a stall, and the refilled cushion absorbs the arrival jitter after it.
      if (dryAt === 0 && playhead !== 0 && now > playhead + 50) {
        dryAt = playhead;
        refill = 0;
      }
      if (dryAt === 0) playhead = Math.max(playhead, now) + 100;
      else if (++refill >= REBUFFER_BLOCKS) {
        deadAir.push({ atMs: now, seconds: (now - dryAt) / 1000, kind: 'stall' });
        playhead = now + refill * 100;
        dryAt = 0;
      }
      if (silent) deadAir.push({ atMs: now, seconds: 0.1, kind: 'silence' });
      if (keepBlocks)
        blocks.push({ atMs: now, silent, tones, burst: now - connectedAt < BURST_MS });
    }
  });

  const connect = () => {
    if (stopped) return;
    connects += 1;
    connectedAt = Date.now();
    req = get(streamUrl(), (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        res.on('end', () => retry(`status ${res.statusCode}`));
        return;
      }
      res.on('data', (c: Buffer) => {
        const now = Date.now();
        if (lastByteAt !== 0 && now - lastByteAt >= BYTE_GAP_MS)
          byteGaps.push({ atMs: now, gapMs: now - lastByteAt });
        lastByteAt = now;
        ffmpeg.stdin.write(c);
      });
      res.on('end', () => retry('end'));
      res.on('error', (e) => retry(`response ${e.message}`));
    });
    req.on('error', (e) => retry(`request ${e.message}`));
  };
  let retrying = false;
  const retry = (why: string) => {
    if (stopped || retrying) return;
    retrying = true;
    drops.push({ atMs: Date.now(), why });
    setTimeout(() => {
      retrying = false;
      connect();
    }, 500);
  };
  connect();
  return {
    blocks,
    deadAir,
    byteGaps,
    get connects() {
      return connects;
    },
    drops,
    stop: () => {
      // A player still waiting for audio when the run ends was in dead air to the end (the
      // stream that never came back after a kill): it is counted, not dropped with the stall
      // that never closed. One with nothing since its cushion ran out, or nothing at all, is
      // waiting too.
      const now = Date.now();
      const since = dryAt !== 0 ? dryAt : playhead === 0 ? createdAt : playhead;
      if (!stopped && now > since + 50)
        deadAir.push({ atMs: now, seconds: (now - since) / 1000, kind: 'stall' });
      stopped = true;
      req?.destroy();
      ffmpeg.stdin.end();
      ffmpeg.kill('SIGKILL');
    },
  };
}
