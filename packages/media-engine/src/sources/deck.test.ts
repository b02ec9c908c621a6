import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { EngineItem } from '@grimnir/contracts';
import type { ChildProc } from '../gstreamer/process.js';
import { FRAME_BYTES, FRAME_FLOATS, FRAME_SAMPLES, SAMPLE_RATE } from '../mixer/format.js';
import { Deck } from './deck.js';
import type { DecoderDeps } from './file-decoder.js';

// The cue points and fades an operator saves reach the audio: a deck fed a constant full-scale
// "file" (a fake decoder child) is measured frame by frame.

const SECONDS = 3;

function constantChild(): ChildProc {
  const pcm = Buffer.alloc(SAMPLE_RATE * SECONDS * 8);
  for (let i = 0; i < pcm.length; i += 4) pcm.writeFloatLE(1, i);
  return {
    pid: 1,
    stdin: new PassThrough(),
    stdout: Readable.from([pcm]),
    exited: Promise.resolve({ code: 0, signal: null }),
    hasExited: () => true,
    kill: () => undefined,
    stderrTail: () => '',
  };
}

const deps: DecoderDeps = {
  spawn: () => constantChild(),
  bufferBytes: 64 * 1024 * 1024,
  now: () => 0,
  onRestart: () => undefined,
  outbound: { open: () => Promise.reject(new Error('no network in this test')) },
  onFailed: () => undefined,
  warm: { take: () => undefined },
};

const item = (over: Partial<EngineItem>): EngineItem => ({
  id: 'i',
  path: '/fake.mp3',
  title: 'fake',
  cue_in_ms: 0,
  cue_out_ms: 0,
  fade_in_ms: 0,
  fade_out_ms: 0,
  ...over,
});

/** Plays the deck to its end; returns the left channel's gain per sample. */
async function render(deck: Deck): Promise<Float32Array> {
  deck.prepare();
  await new Promise((r) => setTimeout(r, 50));
  const scratch = Buffer.alloc(FRAME_BYTES);
  const scratchF = new Float32Array(scratch.buffer, scratch.byteOffset, FRAME_FLOATS);
  const out: number[] = [];
  for (let f = 0; f < (SECONDS * 1000) / 20 + 5; f++) {
    const mix = new Float32Array(FRAME_FLOATS);
    const before = deck.positionSamples;
    if (deck.mixFrame(mix, scratch, scratchF).ended) break;
    for (let i = 0; i < deck.positionSamples - before; i++) out.push(mix[2 * i] ?? 0);
  }
  deck.close();
  return Float32Array.from(out);
}

const at = (g: Float32Array, ms: number) => g[Math.round((ms * SAMPLE_RATE) / 1000)] ?? NaN;

describe('deck cue points and fades', () => {
  it('plays from the cue-in to the cue-out with the item fades', async () => {
    const deck = new Deck(
      item({ cue_in_ms: 500, cue_out_ms: 2_500, fade_in_ms: 400, fade_out_ms: 600 }),
      'automation',
      0,
      'LINEAR',
      deps,
      () => SECONDS * 1000,
    );
    const g = await render(deck);
    expect(g.length / SAMPLE_RATE).toBeCloseTo(2, 1);
    expect(at(g, 200)).toBeCloseTo(0.5, 2);
    expect(at(g, 1_000)).toBeCloseTo(1, 5);
    expect(at(g, 1_700)).toBeCloseTo(0.5, 2);
    expect(g.length).toBeGreaterThan(FRAME_SAMPLES);
  });

  it("a skip's short transition does not cut the item's own fade-in short", async () => {
    const deck = new Deck(
      item({ fade_in_ms: 1_000 }),
      'automation',
      0,
      'LINEAR',
      deps,
      () => SECONDS * 1000,
    );
    deck.startWithFadeIn(100, 'LINEAR');
    const g = await render(deck);
    expect(at(g, 250)).toBeCloseTo(0.25, 2);
    expect(at(g, 1_500)).toBeCloseTo(1, 5);
  });

  it('a longer transition fade-in still applies to an item without one', async () => {
    const deck = new Deck(item({}), 'automation', 0, 'LINEAR', deps, () => SECONDS * 1000);
    deck.startWithFadeIn(2_000, 'LINEAR');
    const g = await render(deck);
    expect(at(g, 500)).toBeCloseTo(0.25, 2);
  });
});

describe('deck end', () => {
  it('ends where the audio ends when the file is shorter than probed, known once decoded', async () => {
    // Probed at 10 s; the file holds 3 s (cut short, overwritten, a VBR estimate).
    const deck = new Deck(item({}), 'automation', 0, 'LINEAR', deps, () => 10_000);
    deck.prepare();
    await new Promise((r) => setTimeout(r, 50));
    expect(deck.remainingSamples).toBe(SAMPLE_RATE * SECONDS);
    const g = await render(deck);
    expect(g.length).toBe(SAMPLE_RATE * SECONDS);
  });

  it('keeps the probed end while the file is still decoding, and a cue-out before the end', async () => {
    const slow: DecoderDeps = {
      ...deps,
      spawn: () => ({ ...constantChild(), stdout: new PassThrough(), hasExited: () => false }),
    };
    const decoding = new Deck(item({}), 'automation', 0, 'LINEAR', slow, () => 10_000);
    decoding.prepare();
    await new Promise((r) => setTimeout(r, 50));
    expect(decoding.remainingSamples).toBe(SAMPLE_RATE * 10);
    decoding.close();
    const cut = new Deck(
      item({ cue_out_ms: 2_000 }),
      'automation',
      0,
      'LINEAR',
      deps,
      () => 10_000,
    );
    cut.prepare();
    await new Promise((r) => setTimeout(r, 50));
    expect(cut.remainingSamples).toBe(SAMPLE_RATE * 2);
    cut.close();
  });
});
