import type { Logger } from 'pino';
import type { OutboundFence } from '@grimnir/engine-client';
import type {
  ConfigureStationRequest,
  EngineEvent,
  EngineEventBody,
  EngineItem,
  EngineStationState,
  FadeCurveName,
  StationStatus,
} from '@grimnir/contracts';
import type { Spawner } from '../gstreamer/process.js';
import type { WarmDecoders } from '../gstreamer/warm-decoders.js';
import {
  FRAME_BYTES,
  FRAME_FLOATS,
  FRAME_MS,
  FRAME_SAMPLES,
  msToSamples,
  writeS16,
} from '../mixer/format.js';
import { createLimiter, framePeak, limitFrame, type LimiterState } from '../mixer/limiter.js';
import { accumulate, createMeterAccumulator, drain, measureFrame } from '../mixer/meters.js';
import {
  createSilenceDetector,
  observeSilence,
  type SilenceState,
} from '../mixer/silence-detector.js';
import { OutputManager } from '../outputs/output-manager.js';
import type { DecoderDeps, DecoderFailureInfo } from '../sources/file-decoder.js';
import type { LiveSource } from '../sources/live-source.js';
import { Automation, type AutomationSettings, type Entry } from './automation.js';
import { addWithRamp, stepGain } from './layers.js';
import { PriorityInputs } from './priority-inputs.js';
import { PRIME_GRACE_MS } from '../sources/deck.js';
import { stationTimeline } from './timeline.js';
import { createClock, type StationClock } from '../clock.js';

interface StationDeps {
  spawn: Spawner;
  warm: Pick<WarmDecoders, 'take'>;
  bufferBytes: number;
  now: () => number;
  wallNow: () => number;
  probe: (path: string) => Promise<number | undefined>;
  outbound: OutboundFence;
  logger: Logger;
  onDecoderRestart: () => void;
  onDecoderFailed: () => void;
  // The station is switching sources: the engine's clock should tick every frame for a while.
  urgent: () => void;
}

type Layer = 'automation' | 'live' | 'emergency';
// Priority switches (emergency, live) fade over this long: bounded, never "next track".
const SWITCH_MS = 300;
const LEVELS_EVERY_FRAMES = 25;
// When the air changes hands the station renders this much further ahead for a second, and
// its encoded bytes leave without waiting for a tick: LAME holds back 30–55 ms of input and its
// stream lags the input by another ~25 ms of padding, so the first frames of the new source
// only come out once 3–4 more frames are in; handed over one by one in real time they would
// wait as long again (issue 17). Files decode far faster than real time; a live input arrives
// in real time behind a 200 ms preroll (live-source.ts), so it keeps a margin of 100 ms.
const SWITCH_AHEAD_FRAMES = 8;
const LIVE_SWITCH_AHEAD_FRAMES = 5;
const SWITCH_AHEAD_MS = 1000;

function settingsOf(req: ConfigureStationRequest): AutomationSettings {
  return {
    targetLufs: req.loudness_target_lufs || -16,
    crossfadeMs: req.crossfade_ms,
    curve: req.crossfade_curve,
    nearEndMs: req.near_end_ms || 10_000,
  };
}

// One station's audio graph: automation, live and emergency layers → limiter → meters →
// encoders. `produce` is called by the engine clock with the number of frames due.
export class Station {
  readonly automation: Automation;
  private outputs: OutputManager;
  private readonly priority: PriorityInputs;
  private gains: Record<Layer, number> = { automation: 1, live: 0, emergency: 0 };
  private limiter: LimiterState = createLimiter();
  private silence: SilenceState;
  private meter = createMeterAccumulator();
  private lastLevels = { rmsDb: -120, peakDb: -120 };
  private listeners = new Set<(ev: EngineEvent) => void>();
  private closers = new Set<() => void>();
  private readonly decoderDeps: DecoderDeps;
  private readonly scratch = Buffer.alloc(FRAME_BYTES);
  private readonly scratchF = new Float32Array(
    this.scratch.buffer,
    this.scratch.byteOffset,
    FRAME_FLOATS,
  );
  private readonly layerBuf = new Float32Array(FRAME_FLOATS);
  private held = new Float32Array(FRAME_FLOATS);
  private fresh = new Float32Array(FRAME_FLOATS);
  private heldValid = false;
  private onAir: Layer = 'automation';
  private aheadUntil = 0;
  private switchAhead = SWITCH_AHEAD_FRAMES;
  frames = 0;
  underruns = 0;
  // The engine paces this station by its clock; rendered frames always equal `clock.sent`.
  readonly clock: StationClock;
  private rendered = 0;

  constructor(
    readonly id: string,
    private config: ConfigureStationRequest,
    private readonly deps: StationDeps,
  ) {
    this.decoderDeps = {
      spawn: deps.spawn,
      bufferBytes: deps.bufferBytes,
      now: deps.now,
      onRestart: deps.onDecoderRestart,
      outbound: deps.outbound,
      onFailed: (f) => this.onDecoderFailed(f),
      warm: deps.warm,
    };
    this.clock = createClock(deps.now());
    const timeline = stationTimeline(this.clock, deps.now, deps.wallNow);
    this.automation = new Automation(settingsOf(config), {
      timeline,
      decoder: this.decoderDeps,
      logger: deps.logger,
      probe: (entry: Entry) => {
        void deps.probe(entry.item.path).then((ms) => {
          entry.durationMs = ms;
        });
      },
      emit: (ev) => this.onAutomationEvent(ev),
    });
    this.automation.setFallback(config.fallback);
    this.priority = new PriorityInputs({
      decoder: this.decoderDeps,
      emit: (ev) => this.emit(ev),
      nextOnAirMs: () => Math.round(timeline.unixOfSample(this.rendered * FRAME_SAMPLES)),
    });
    this.silence = createSilenceDetector(
      config.silence_threshold_db || -50,
      config.silence_duration_ms || 1500,
    );
    this.outputs = this.createOutputs(config);
  }

  private createOutputs(config: ConfigureStationRequest): OutputManager {
    return new OutputManager(
      config.outputs,
      this.deps.spawn,
      this.deps.outbound,
      this.deps.logger,
      (mount, state, detail) =>
        this.emit({ event: 'output_state', output_state: { mount, state, detail } }),
    );
  }

  // Reconfiguration keeps what is playing; outputs are rebuilt only when they changed.
  reconfigure(config: ConfigureStationRequest): void {
    const outputsChanged = JSON.stringify(config.outputs) !== JSON.stringify(this.config.outputs);
    this.config = config;
    this.automation.settings = settingsOf(config);
    this.automation.setFallback(config.fallback);
    this.silence = createSilenceDetector(
      config.silence_threshold_db || -50,
      config.silence_duration_ms || 1500,
    );
    if (outputsChanged) {
      this.outputs.close();
      this.outputs = this.createOutputs(config);
    }
  }

  private onAutomationEvent(ev: EngineEventBody): void {
    if (ev.event === 'track_started' && ev.track_started.title)
      this.outputs.updateTitle(ev.track_started.title);
    this.emit(ev);
  }

  // The deck ends early and automation moves on; the control plane decides about the file.
  private onDecoderFailed(f: DecoderFailureInfo): void {
    this.deps.onDecoderFailed();
    this.deps.logger.error(
      { item: f.itemId, path: f.path, reason: f.reason, detail: f.detail, restarts: f.restarts },
      'decoder failed: giving up on this file',
    );
    this.emit({
      event: 'decoder_failed',
      decoder_failed: {
        item_id: f.itemId,
        path: f.path,
        reason: f.reason,
        detail: f.detail,
        restarts: f.restarts,
        position_ms: f.positionMs,
      },
    });
  }

  /** Outputs name this until the next track starts (the control plane names live shows). */
  setTitle(title: string): void {
    this.outputs.updateTitle(title);
  }

  emit(ev: EngineEventBody): void {
    const full = { station_id: this.id, at_ms: this.deps.wallNow(), ...ev };
    for (const l of this.listeners) l(full);
  }

  // `onClose` runs when the station is removed, so event streams end instead of hanging.
  subscribe(
    listener: (ev: EngineEvent) => void,
    onClose: () => void = () => undefined,
  ): () => void {
    this.listeners.add(listener);
    this.closers.add(onClose);
    return () => {
      this.listeners.delete(listener);
      this.closers.delete(onClose);
    };
  }

  get outputManager(): OutputManager {
    return this.outputs;
  }

  /** Settles once the emergency is heard (the mixer puts it on air at the next rendered frame). */
  async insertEmergency(item: EngineItem, loop: boolean): Promise<void> {
    const onAir = this.priority.insertEmergency(item, loop);
    this.deps.urgent();
    // Frames render continuously; the bound only guards a station that renders none.
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((r) => {
      timer = setTimeout(r, PRIME_GRACE_MS + 500);
    });
    await Promise.race([onAir, bound]);
    clearTimeout(timer);
  }

  releaseEmergency(): void {
    this.priority.releaseEmergency();
    this.deps.urgent();
  }

  attachLive(contentType: string): LiveSource {
    this.deps.urgent();
    return this.priority.attachLive(contentType);
  }

  detachLive(): void {
    this.priority.detachLive();
    this.deps.urgent();
  }

  private target(): Layer {
    return this.priority.active() ?? 'automation';
  }

  get state(): EngineStationState {
    const t = this.target();
    if (t !== 'automation') return t;
    return this.automation.playing ? 'playing' : 'stopped';
  }

  // Renders `count` frames, hands them to the encoders in one write, returns nothing: the
  // PCM hot path. Allocates one S16 batch per call, which is also the copy trap 3 requires;
  // frames are converted into it as they leave the limiter (no Float32 batch in between).
  produce(count: number): void {
    if (count <= 0) return;
    const batch = Buffer.allocUnsafe(count * FRAME_FLOATS * 2);
    const s16 = new Int16Array(batch.buffer, batch.byteOffset, count * FRAME_FLOATS);
    for (let f = 0; f < count; f++) {
      this.renderFrame(this.fresh);
      if (this.heldValid) {
        limitFrame(this.limiter, this.held, framePeak(this.fresh));
        writeS16(this.held, s16, f * FRAME_FLOATS);
        this.observe(this.held);
      } else {
        // The very first frame: the limiter's look-ahead has nothing to release yet.
        s16.fill(0, 0, FRAME_FLOATS);
      }
      const t = this.held;
      this.held = this.fresh;
      this.fresh = t;
      this.heldValid = true;
    }
    this.outputs.write(batch, this.aheadFrames > 0);
  }

  // Frames to render beyond the engine's preroll (see SWITCH_AHEAD_FRAMES).
  get aheadFrames(): number {
    return this.aheadUntil > 0 && this.deps.now() < this.aheadUntil ? this.switchAhead : 0;
  }

  private renderFrame(out: Float32Array): void {
    out.fill(0);
    const target = this.target();
    if (target !== this.onAir) {
      this.onAir = target;
      this.aheadUntil = this.deps.now() + SWITCH_AHEAD_MS;
      this.switchAhead = target === 'live' ? LIVE_SWITCH_AHEAD_FRAMES : SWITCH_AHEAD_FRAMES;
    }
    const step = 1 / msToSamples(SWITCH_MS);
    for (const layer of ['automation', 'live', 'emergency'] as const) {
      const from = this.gains[layer];
      const to = layer === target ? 1 : 0;
      if (from === 0 && to === 0) continue;
      this.layerBuf.fill(0);
      this.renderLayer(layer);
      this.gains[layer] = addWithRamp(
        out,
        this.layerBuf,
        from,
        stepGain(from, to, step, FRAME_SAMPLES),
        FRAME_SAMPLES,
      );
    }
    if (this.gains.live === 0) this.priority.liveFadedOut();
    this.rendered += 1;
  }

  private renderLayer(layer: Layer): void {
    switch (layer) {
      case 'automation':
        if (
          this.automation.renderFrame(
            this.layerBuf,
            this.scratch,
            this.scratchF,
            this.rendered * FRAME_SAMPLES,
          )
        )
          this.onUnderrun('automation');
        return;
      case 'live':
        this.priority.renderLive(this.layerBuf, this.scratch, this.scratchF);
        return;
      case 'emergency':
        this.priority.renderEmergency(this.layerBuf, this.scratch, this.scratchF);
        return;
    }
  }

  private onUnderrun(source: string): void {
    this.underruns += 1;
    this.emit({ event: 'underrun', underrun: { source, total: this.underruns } });
  }

  private observe(frame: Float32Array): void {
    this.frames += 1;
    const levels = measureFrame(frame);
    accumulate(this.meter, levels);
    if (this.frames % LEVELS_EVERY_FRAMES === 0) {
      this.lastLevels = drain(this.meter);
      this.emit({
        event: 'levels',
        levels: { rms_db: this.lastLevels.rmsDb, peak_db: this.lastLevels.peakDb },
      });
    }
    const silent = observeSilence(this.silence, levels.rmsDb, FRAME_MS);
    if (silent !== undefined)
      this.emit({ event: 'silence_detected', silence_detected: { duration_ms: silent } });
  }

  supervise(): void {
    this.automation.supervise();
    this.priority.supervise();
  }

  status(): StationStatus {
    const a = this.automation.status();
    return {
      station_id: this.id,
      state: this.state,
      current: a.current ?? null,
      queue: a.queue,
      outputs: this.outputs.status(),
      level_rms_db: this.lastLevels.rmsDb,
      level_peak_db: this.lastLevels.peakDb,
      underruns: this.underruns,
      decoder_restarts: this.automation.decoderRestarts,
      frames: this.frames,
    };
  }

  // `atUnixMs` > 0: the incoming item's first sample is heard at that instant.
  transition(durationMs: number, curve: FadeCurveName, atUnixMs = 0): void {
    if (atUnixMs > 0) this.automation.transitionAt(durationMs, curve, atUnixMs);
    else this.automation.transition(durationMs, curve);
  }

  close(): void {
    this.automation.close();
    this.priority.close();
    this.outputs.close();
    this.listeners.clear();
    for (const c of [...this.closers]) c();
    this.closers.clear();
  }
}
