import type { EngineItem, FadeCurveName } from '@grimnir/contracts';
import { curveGain, type Ramp, rampGainAt } from '../mixer/fade-curves.js';
import {
  dbToLinear,
  FRAME_BYTES,
  FRAME_SAMPLES,
  msToSamples,
  samplesToMs,
} from '../mixer/format.js';
import { type DecoderDeps, FileDecoder } from './file-decoder.js';

export type DeckSource = 'automation' | 'fallback' | 'emergency';

interface DeckFrameResult {
  ended: boolean;
  underrun: boolean;
}

// A deck goes on air once its decoder has this cushion (or after the grace period, whatever it
// has): starting on the first bytes would underrun while a cold decoder is still speeding up.
const PRIME_BYTES = FRAME_BYTES * 12;
export const PRIME_GRACE_MS = 1000;

// One playing item: decoder, cue points, per-item gain and the fades that shape it.
export class Deck {
  private decoder: FileDecoder | undefined;
  positionSamples = 0;
  private preparedAt: number | undefined;
  private primed = false;
  private inStall = false;
  private transitionOut: Ramp | undefined;
  private fadeIn: Ramp | undefined;
  readonly gain: number;
  underruns = 0;

  constructor(
    readonly item: EngineItem,
    readonly source: DeckSource,
    readonly gainDb: number,
    private readonly curve: FadeCurveName,
    private readonly deps: DecoderDeps,
    // The file's duration may still be being probed when the deck is created.
    private readonly durationMs: () => number | undefined,
  ) {
    this.gain = dbToLinear(gainDb);
    if (item.fade_in_ms > 0) {
      this.fadeIn = {
        curve,
        startSample: 0,
        lengthSamples: msToSamples(item.fade_in_ms),
        direction: 'in',
      };
    }
  }

  get lengthSamples(): number | undefined {
    const endMs = this.item.cue_out_ms > 0 ? this.item.cue_out_ms : this.durationMs();
    return endMs === undefined ? undefined : Math.max(0, msToSamples(endMs - this.item.cue_in_ms));
  }

  // Starts decoding ahead of time so the first frame is ready when the deck goes on air.
  prepare(): void {
    if (this.decoder) return;
    this.decoder = new FileDecoder(
      this.item,
      this.item.cue_in_ms,
      this.deps,
      (reason, detail) =>
        this.deps.onFailed({
          itemId: this.item.id,
          path: this.item.path,
          reason,
          detail,
          restarts: this.restarts,
          positionMs: Math.round(this.positionMs),
        }),
      // Automation prepares its items seconds ahead; an emergency is wanted on air now.
      this.source === 'emergency',
    );
    this.preparedAt = this.deps.now();
  }

  // The transition's fade-in (a skip's short one, the station crossfade) never cuts short the
  // item's own fade-in (`fade_in_ms`, set in the cue editor): the longer of the two applies.
  startWithFadeIn(durationMs: number, curve: FadeCurveName): void {
    if (durationMs > 0 && msToSamples(durationMs) > (this.fadeIn?.lengthSamples ?? 0)) {
      this.fadeIn = {
        curve,
        startSample: 0,
        lengthSamples: msToSamples(durationMs),
        direction: 'in',
      };
    }
  }

  // `delaySamples`: the fade begins that far into the next frame (a transition placed on an
  // exact sample inside it).
  fadeOutNow(durationMs: number, curve: FadeCurveName, delaySamples = 0): void {
    const length = msToSamples(durationMs);
    const start = this.positionSamples + delaySamples;
    const current = this.transitionOut;
    // A shorter fade may replace a running one (skip during a crossfade), never a longer one.
    if (current && current.startSample + current.lengthSamples <= start + length) return;
    this.transitionOut = {
      curve,
      startSample: start,
      lengthSamples: length,
      direction: 'out',
    };
  }

  get remainingSamples(): number | undefined {
    if (this.transitionOut) {
      return Math.max(
        0,
        this.transitionOut.startSample + this.transitionOut.lengthSamples - this.positionSamples,
      );
    }
    const byLength =
      this.lengthSamples === undefined ? undefined : this.lengthSamples - this.positionSamples;
    // A file shorter than its probed length (cut short or overwritten on disk, a VBR estimate)
    // ends where its audio ends. That is known once it is all decoded, a read-ahead (1.5-3 s)
    // before it is heard, so the next item is prepared and faded in on time instead of starting
    // cold in a gap after it.
    const d = this.decoder;
    if (d?.inputEnded !== true) return byLength;
    const left = Math.floor(d.buffered / 8);
    return byLength === undefined ? left : Math.min(byLength, left);
  }

  // Has audio for its first frame (or nothing more to wait for).
  get ready(): boolean {
    const d = this.decoder;
    return d === undefined ? false : d.buffered >= PRIME_BYTES || d.exhausted;
  }

  // Prepared, never heard, and its decoder gave up: it must not go on air at all.
  get failedBeforeAir(): boolean {
    return this.positionSamples === 0 && (this.decoder?.failed ?? false);
  }

  get fadingOut(): boolean {
    return this.transitionOut !== undefined;
  }

  get positionMs(): number {
    return samplesToMs(this.positionSamples);
  }

  get pid(): number {
    return this.decoder?.pid ?? 0;
  }

  get restarts(): number {
    return this.decoder?.restarts ?? 0;
  }

  supervise(): void {
    this.decoder?.supervise();
  }

  // Adds this deck's next frame into `mix`. `scratch` is a FRAME_BYTES buffer owned by the
  // caller with a Float32 view `scratchF`; both are reused (hot path, no allocation). `offset`:
  // the deck starts that many samples into this frame (a sample-accurate start).
  mixFrame(
    mix: Float32Array,
    scratch: Buffer,
    scratchF: Float32Array,
    offset = 0,
  ): DeckFrameResult {
    this.prepare();
    const decoder = this.decoder as FileDecoder;
    const remaining = this.remainingSamples;
    if (remaining !== undefined && remaining <= 0) return { ended: true, underrun: false };
    const room = FRAME_SAMPLES - offset;
    const want = Math.min(room, remaining ?? room) * 8;
    if (!this.primed) {
      const waited = this.deps.now() - (this.preparedAt ?? 0);
      if (!this.ready && waited < PRIME_GRACE_MS) return { ended: false, underrun: false };
      this.primed = true;
    }
    const got = decoder.read(scratch, 0, want);
    if (got === 0 && decoder.exhausted) return { ended: true, underrun: false };
    const samples = got / 8;
    this.addScaled(mix, scratchF, samples, offset);
    this.positionSamples += samples;
    // The last partial frame of a file is not an underrun, however the probe rounded.
    const nearEnd = remaining !== undefined && remaining <= samples + msToSamples(250);
    const short = got < room * 8 && !decoder.exhausted && !nearEnd;
    const newStall = short && !this.inStall;
    this.inStall = short;
    if (newStall) this.underruns += 1;
    return { ended: false, underrun: newStall };
  }

  private addScaled(mix: Float32Array, src: Float32Array, samples: number, offset: number): void {
    const o = offset * 2;
    const pos = this.positionSamples;
    const fadeOutItem = this.item.fade_out_ms > 0 && this.lengthSamples !== undefined;
    const itemOutStart = fadeOutItem
      ? this.lengthSamples - msToSamples(this.item.fade_out_ms)
      : Infinity;
    const fadeInEnd = this.fadeIn ? this.fadeIn.lengthSamples : 0;
    const flat = !this.transitionOut && pos >= fadeInEnd && pos + samples <= itemOutStart;
    if (flat) {
      // Common case: constant gain over the frame.
      const g = this.gain;
      for (let i = 0; i < samples * 2; i++) mix[o + i] = (mix[o + i] ?? 0) + (src[i] ?? 0) * g;
      return;
    }
    const outLen = msToSamples(this.item.fade_out_ms);
    for (let i = 0; i < samples; i++) {
      const p = pos + i;
      let g = this.gain;
      if (this.fadeIn && p < fadeInEnd) g *= rampGainAt(this.fadeIn, p);
      if (p >= itemOutStart) g *= curveGain(this.curve, 1 - (p - itemOutStart) / outLen);
      if (this.transitionOut) g *= rampGainAt(this.transitionOut, p);
      mix[o + 2 * i] = (mix[o + 2 * i] ?? 0) + (src[2 * i] ?? 0) * g;
      mix[o + 2 * i + 1] = (mix[o + 2 * i + 1] ?? 0) + (src[2 * i + 1] ?? 0) * g;
    }
  }

  close(): void {
    this.decoder?.close();
  }
}
