import { AutomationLoader, DEFAULT_TIMING, type DirectorTiming } from './automation-loader.js';
import { DeadAirWatch } from './dead-air-watch.js';
import type { DirectorCore, DirectorState, StationDirectorDeps } from './director-core.js';
import { guardDeadAir } from './director-engine-events.js';
import { sync, updateOffAir } from './director-engine-link.js';
import { OffAir } from './engine-truth.js';
import { transition, type ExecutorEvent } from './executor-state.js';
import type { DirectorView, FadeCurve } from '../ports.js';
import { applyPriority, type SwitchHost } from './priority-switch.js';

// The station director's decision rounds and API actions. Its link to the engine is in
// director-engine-link.ts, what the engine reports (and the dead-air guard) in
// director-engine-events.ts; the state they share is `s` (director-core.ts).

const SKIP_FADE_MS = 250;
/** While the engine does not answer, its status is asked for again this often. */
const ENGINE_RETRY_MS = 500;

/**
 * Drives one station's engine ahead of time. Every entry point (tick, API actions, engine
 * events) runs through `exclusive` so decisions never interleave.
 */
export class StationDirector implements DirectorCore {
  readonly view: DirectorView = { onAir: undefined, current: undefined, loaded: [], state: 'idle' };
  readonly t: DirectorTiming;
  readonly loader: AutomationLoader;
  readonly deadAir: DeadAirWatch;
  readonly offAir: OffAir;
  readonly s: DirectorState = {
    lastSyncMs: Number.NEGATIVE_INFINITY,
    fadeUntilMs: undefined,
    fadeAhead: undefined,
    enabled: true,
    settings: undefined,
    sentSettings: undefined,
    subscription: undefined,
    recorded: undefined,
    engineDownSinceMs: undefined,
  };
  private chain: Promise<unknown> = Promise.resolve();
  /** Set by whoever runs the rounds (director.ts); nothing to wake without it. */
  onRoundWanted: () => void = () => undefined;

  private readonly host: SwitchHost;

  constructor(readonly d: StationDirectorDeps) {
    this.t = { ...DEFAULT_TIMING, ...d.timing };
    this.loader = new AutomationLoader({ ...d, timing: this.t, view: this.view });
    this.deadAir = new DeadAirWatch(d.deadAirMs);
    this.offAir = new OffAir({
      stationId: d.stationId,
      store: d.store,
      metrics: d.metrics,
      log: d.log,
    });
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
      this.s.enabled = saved.enabled;
      this.offAir.adopt(saved.off_air_reason);
      if (saved.item_id !== null && saved.started_at !== null)
        this.s.recorded = { itemId: saved.item_id, atMs: Date.parse(saved.started_at) };
    }
    this.d.metrics.setState(this.id, this.view.state);
  }

  close(): void {
    this.s.subscription?.close();
    this.s.subscription = undefined;
  }

  now(): number {
    return this.d.clock.now().getTime();
  }

  iso(ms = this.now()): string {
    return new Date(ms).toISOString();
  }

  /** One decision round; returns how long to sleep before the next one. */
  tick(): Promise<number> {
    return this.exclusive(async () => {
      try {
        return await this.round();
      } catch (err) {
        // Whatever half-happened, the engine's own status is the truth on the next round.
        this.s.lastSyncMs = Number.NEGATIVE_INFINITY;
        throw err;
      }
    });
  }

  private async round(): Promise<number> {
    let now = this.now();
    if (now - this.s.lastSyncMs >= this.t.syncEveryMs) {
      if (!(await sync(this, now))) return ENGINE_RETRY_MS;
      // A status call can wait for a restarting engine: decide on the time it is now.
      now = this.now();
    }
    await this.loader.refresh(now);
    if (!this.s.enabled) return this.t.maxSleepMs;
    await applyPriority(this.host, now);
    const tier = this.view.onAir?.tier;
    if (tier !== undefined && tier >= 3) await this.automation(now);
    if (this.s.fadeAhead !== undefined && now >= this.s.fadeAhead.atMs) {
      const { atMs, ms } = this.s.fadeAhead;
      this.s.fadeAhead = undefined;
      await this.startFade(ms, atMs);
    }
    if (this.s.fadeUntilMs !== undefined && now >= this.s.fadeUntilMs) {
      this.s.fadeUntilMs = undefined;
      await this.exec({ type: 'fade_done' });
    }
    await guardDeadAir(this, now);
    await updateOffAir(this, now);
    this.d.metrics.setState(this.id, this.view.state, this.view.onAir?.tier === 4);
    const due = [now + this.t.maxSleepMs, ...this.loader.nextDue(now)];
    if (this.s.fadeUntilMs !== undefined) due.push(this.s.fadeUntilMs);
    if (this.s.fadeAhead !== undefined) due.push(this.s.fadeAhead.atMs);
    return Math.max(1, Math.min(...due) - now);
  }

  private async automation(now: number): Promise<void> {
    await this.loader.armHard(now);
    const due = this.loader.dueHard(now);
    if (due) {
      const fadeMs = due.item.fadeInMs ?? this.s.settings?.crossfadeMs ?? 0;
      // Sent ahead with the start time, the engine starts the item on the exact sample (a time
      // passed meanwhile: at once); an item armed late goes now.
      const atMs = due.atMs;
      await this.d.engine.transition(this.id, fadeMs, this.curve(), atMs);
      if (atMs > 0) this.s.fadeAhead = { atMs, ms: fadeMs };
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
        this.s.lastSyncMs = Number.NEGATIVE_INFINITY;
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
      this.s.enabled = enabled;
      if (!enabled) {
        this.s.fadeAhead = undefined;
        await this.d.engine.stop(this.id);
        this.view.onAir = undefined;
        this.view.current = undefined;
        this.view.loaded = [];
        await this.exec({ type: 'stop' });
      }
      this.s.lastSyncMs = Number.NEGATIVE_INFINITY;
    });
  }

  /** The play-next queue changed: rebuild the engine queue on the next tick. */
  queueChanged(): void {
    this.loader.invalidate();
  }

  private curve(): FadeCurve {
    return this.s.settings?.crossfadeCurve ?? 'equal_power';
  }

  private async startFade(ms: number, fromMs = this.now()): Promise<void> {
    if (ms <= 0) return;
    this.s.fadeUntilMs = fromMs + ms;
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
}
