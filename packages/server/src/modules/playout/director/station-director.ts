import type { FastifyBaseLogger as Logger } from 'fastify';
import type { Clock } from '../../../infra/clock.js';
import { AutomationLoader, DEFAULT_TIMING, type DirectorTiming } from './automation-loader.js';
import { DeadAirWatch } from './dead-air-watch.js';
import { parseItemId } from '../engine/engine-items.js';
import {
  engineSettings,
  holderFromStatus,
  type StationPlayoutConfig,
} from '../engine/engine-sync.js';
import { transition, type ExecutorEvent } from './executor-state.js';
import type { PlayoutMetrics } from './playout.metrics.js';
import type {
  DirectorStore,
  DirectorView,
  EngineControl,
  EngineEventView,
  EventPublisher,
  FadeCurve,
  UpcomingItems,
} from '../ports.js';
import { applyPriority, type SwitchHost } from './priority-switch.js';
import { recordTrackEnded, recordTrackStarted } from './track-events.js';

interface StationDirectorDeps {
  stationId: string;
  engine: EngineControl;
  upcoming: UpcomingItems;
  store: DirectorStore;
  config: () => Promise<StationPlayoutConfig | undefined>;
  clock: Clock;
  events: EventPublisher;
  metrics: PlayoutMetrics;
  log: Logger;
  mediaRoot: string;
  deadAirMs: number;
  timing?: Partial<DirectorTiming>;
}

const SKIP_FADE_MS = 250;

/**
 * Drives one station's engine ahead of time. Every entry point (tick, API actions, engine
 * events) runs through `exclusive` so decisions never interleave.
 */
export class StationDirector {
  readonly view: DirectorView = { onAir: undefined, current: undefined, loaded: [], state: 'idle' };
  private readonly t: DirectorTiming;
  private readonly loader: AutomationLoader;
  private readonly deadAir: DeadAirWatch;
  private lastSyncMs = Number.NEGATIVE_INFINITY;
  private fadeUntilMs: number | undefined;
  /** A timed transition was sent ahead: the fade starts (for the executor) at `atMs`. */
  private fadeAhead: { atMs: number; ms: number } | undefined;
  private enabled = true;
  private settings: StationPlayoutConfig | undefined;
  private sentSettings: string | undefined;
  private subscription: { close(): void } | undefined;
  private chain: Promise<unknown> = Promise.resolve();

  private readonly host: SwitchHost;

  constructor(private readonly d: StationDirectorDeps) {
    this.t = { ...DEFAULT_TIMING, ...d.timing };
    this.loader = new AutomationLoader({ ...d, timing: this.t, view: this.view });
    this.deadAir = new DeadAirWatch(d.deadAirMs);
    this.host = {
      id: d.stationId,
      view: this.view,
      loader: this.loader,
      engine: d.engine,
      store: d.store,
      events: d.events,
      mediaRoot: d.mediaRoot,
      exec: (ev) => this.exec(ev),
      startFade: (ms) => this.startFade(ms),
      curve: () => this.curve(),
    };
  }

  get id(): string {
    return this.d.stationId;
  }

  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  async start(): Promise<void> {
    const saved = await this.d.store.executor(this.id);
    if (saved) {
      this.view.state = saved.state;
      this.enabled = saved.enabled;
    }
    this.d.metrics.setState(this.id, this.view.state);
  }

  /**
   * Events are subscribed once the engine knows the station, and again after the engine lost
   * it (a restart): a stream opened for an unknown station is not relied upon to recover.
   */
  private subscribe(): void {
    this.subscription?.close();
    this.subscription = this.d.engine.subscribe(this.id, (ev) => {
      this.exclusive(() => this.onEngineEvent(ev)).catch((err: unknown) =>
        this.d.log.error({ err, station_id: this.id }, 'engine event handling failed'),
      );
    });
  }

  close(): void {
    this.subscription?.close();
    this.subscription = undefined;
  }

  private now(): number {
    return this.d.clock.now().getTime();
  }

  private iso(ms = this.now()): string {
    return new Date(ms).toISOString();
  }

  /** One decision round; returns how long to sleep before the next one. */
  tick(): Promise<number> {
    return this.exclusive(async () => {
      try {
        return await this.round();
      } catch (err) {
        // Whatever half-happened, the engine's own status is the truth on the next round.
        this.lastSyncMs = Number.NEGATIVE_INFINITY;
        throw err;
      }
    });
  }

  private async round(): Promise<number> {
    let now = this.now();
    if (now - this.lastSyncMs >= this.t.syncEveryMs) {
      await this.sync(now);
      // A status call can wait for a restarting engine: decide on the time it is now.
      now = this.now();
    }
    await this.loader.refresh(now);
    if (!this.enabled) return this.t.maxSleepMs;
    await applyPriority(this.host, now);
    const tier = this.view.onAir?.tier;
    if (tier !== undefined && tier >= 3) await this.automation(now);
    if (this.fadeAhead !== undefined && now >= this.fadeAhead.atMs) {
      const { atMs, ms } = this.fadeAhead;
      this.fadeAhead = undefined;
      await this.startFade(ms, atMs);
    }
    if (this.fadeUntilMs !== undefined && now >= this.fadeUntilMs) {
      this.fadeUntilMs = undefined;
      await this.exec({ type: 'fade_done' });
    }
    await this.guardDeadAir(now);
    this.d.metrics.setState(this.id, this.view.state, this.view.onAir?.tier === 4);
    const due = [now + this.t.maxSleepMs, ...this.loader.nextDue(now)];
    if (this.fadeUntilMs !== undefined) due.push(this.fadeUntilMs);
    if (this.fadeAhead !== undefined) due.push(this.fadeAhead.atMs);
    return Math.max(1, Math.min(...due) - now);
  }

  private async automation(now: number): Promise<void> {
    await this.loader.armHard(now);
    const due = this.loader.dueHard(now);
    if (due) {
      const fadeMs = due.item.fadeInMs ?? this.settings?.crossfadeMs ?? 0;
      // Sent ahead with the start time, the engine starts the item on the exact sample (a time
      // passed meanwhile: at once); an item armed late goes now.
      const atMs = due.atMs;
      await this.d.engine.transition(this.id, fadeMs, this.curve(), atMs);
      if (atMs > 0) this.fadeAhead = { atMs, ms: fadeMs };
      else await this.startFade(fadeMs);
      // The next hard item is armed once this one started (one timed start at a time): at once
      // when this one went "now".
      await this.loader.armHard(now);
    }
    await this.loader.loadAhead(now);
  }

  /** Runs the ladder at once (emergency insert/release from the API) and waits for the engine. */
  applyNow(): Promise<void> {
    return this.exclusive(async () => {
      try {
        await applyPriority(this.host, this.now());
      } catch (err) {
        this.lastSyncMs = Number.NEGATIVE_INFINITY;
        throw err;
      }
    });
  }

  skip(): Promise<void> {
    return this.exclusive(async () => {
      await this.d.engine.skip(this.id);
      await this.startFade(SKIP_FADE_MS);
    });
  }

  setEnabled(enabled: boolean): Promise<void> {
    return this.exclusive(async () => {
      this.enabled = enabled;
      if (!enabled) {
        this.fadeAhead = undefined;
        await this.d.engine.stop(this.id);
        this.view.onAir = undefined;
        this.view.current = undefined;
        this.view.loaded = [];
        await this.exec({ type: 'stop' });
      }
      this.lastSyncMs = Number.NEGATIVE_INFINITY;
    });
  }

  /** The play-next queue changed: rebuild the engine queue on the next tick. */
  queueChanged(): void {
    this.loader.invalidate();
  }

  private curve(): FadeCurve {
    return this.settings?.crossfadeCurve ?? 'equal_power';
  }

  /** Sends the station settings when the engine lacks them or they changed. */
  private async configure(force: boolean): Promise<void> {
    const cfg = await this.d.config();
    if (!cfg) return;
    this.settings = cfg;
    const settings = await engineSettings(this.id, cfg, this.d.store, this.d.mediaRoot);
    const fingerprint = JSON.stringify(settings);
    if (!force && fingerprint === this.sentSettings) return;
    await this.d.engine.configure(this.id, settings);
    this.sentSettings = fingerprint;
  }

  /** Rebuilds the view from the engine: after a restart of either process nothing is assumed. */
  private async sync(now: number): Promise<void> {
    this.lastSyncMs = now;
    let status = await this.d.engine.status(this.id);
    const lost = status.state === 'absent';
    await this.configure(lost);
    if (lost) {
      await this.d.store.endOpenPlays(this.id, this.iso(now));
      status = await this.d.engine.status(this.id);
    }
    if (lost || this.subscription === undefined) this.subscribe();
    this.view.loaded = status.queuedItemIds.filter((id) => parseItemId(id) !== undefined);
    const cur = status.currentItemId;
    const ref = cur === null ? undefined : parseItemId(cur);
    if (ref && cur !== null && this.view.current?.id !== cur)
      this.view.current = { id: cur, ref, startedAtMs: now - status.positionMs };
    const sources = await this.d.store.activeSources(this.id);
    this.view.onAir = holderFromStatus(status.state, sources, this.view);
    if (status.state === 'stopped' || status.state === 'absent') {
      this.view.current = undefined;
      if (this.enabled) this.deadAir.noSource(now);
    }
  }

  private async startFade(ms: number, fromMs = this.now()): Promise<void> {
    if (ms <= 0) return;
    this.fadeUntilMs = fromMs + ms;
    await this.exec({ type: 'fade_started' });
  }

  async exec(ev: ExecutorEvent): Promise<void> {
    const t = transition(this.view.state, ev);
    if (!t.accepted || t.to === t.from) return;
    this.view.state = t.to;
    this.d.metrics.transition(this.id, t.from, t.to);
    this.d.metrics.setState(this.id, t.to, this.view.onAir?.tier === 4);
    await this.d.store.saveExecutor(this.id, { state: t.to }, this.iso());
    this.d.events.publish({
      type: 'executor_state',
      payload: {
        station_id: this.id,
        at: this.iso(),
        state: t.to,
        previous: t.from,
        tier: this.view.onAir?.tier ?? null,
      },
    });
  }

  private async onEngineEvent(ev: EngineEventView): Promise<void> {
    const deps = {
      stationId: this.id,
      store: this.d.store,
      events: this.d.events,
      done: this.loader.done,
      upNext: () => this.view.loaded.map((id) => this.loader.specOf(id)),
    };
    switch (ev.type) {
      case 'track_started':
        this.deadAir.onTrackStarted();
        await recordTrackStarted(this, deps, ev);
        return;
      case 'track_ended':
        await recordTrackEnded(this, deps, ev);
        return;
      case 'silence':
        this.deadAir.onSilence(ev.durationMs, this.now());
        return;
      case 'levels':
        this.deadAir.onLevels(ev.rmsDb);
        return;
      case 'stream_lost':
        // Don't wait for the periodic status poll: a restarted engine is reconfigured and
        // back on air on the next round.
        this.lastSyncMs = Number.NEGATIVE_INFINITY;
        return;
    }
  }

  private async guardDeadAir(now: number): Promise<void> {
    const onAir = this.view.onAir;
    const noSource = this.deadAir.sourceMissing;
    const action = this.deadAir.check(now, {
      shouldPlay: this.enabled,
      liveOnAir: onAir?.tier === 1 || onAir?.tier === 2,
      hasNextItem: this.view.loaded.length > 0,
    });
    if (action.kind === 'none') return;
    if (noSource) {
      this.lastSyncMs = Number.NEGATIVE_INFINITY;
      await this.d.engine.play(this.id);
    } else {
      // With nothing queued the engine's skip lands on the station fallback.
      await this.d.engine.skip(this.id);
    }
    const mounts = this.settings?.outputs.map((o) => o.mount) ?? [];
    for (const m of mounts.length > 0 ? mounts : ['']) this.d.metrics.dropout(this.id, m);
    this.d.log.warn({ station_id: this.id, ...action }, 'dead air: moving on');
    this.d.events.publish({
      type: 'dead_air',
      payload: {
        station_id: this.id,
        at: this.iso(now),
        mount: mounts.length === 1 ? (mounts[0] ?? null) : null,
        silent_seconds: action.deadMs / 1000,
        action: action.kind,
      },
    });
  }
}
