import type { FastifyBaseLogger as Logger } from 'fastify';
import type { Clock } from '../../infra/clock.js';
import { decideDeadAir } from './dead-air.js';
import { engineItem, itemId, parseItemId, type ItemRef } from './engine-items.js';
import { transition, type ExecutorEvent, type ExecutorState } from './executor-state.js';
import type { PlayoutMetrics } from './playout.metrics.js';
import type { PlayoutRepository } from './playout.repository.js';
import { resolvePriority, type Holder } from './priority-resolver.js';
import type {
  EngineControl,
  EngineEventView,
  EngineItemSpec,
  EngineOutputSpec,
  EventPublisher,
  FadeCurve,
  UpcomingItem,
  UpcomingItems,
} from './ports.js';
import { recordTrackEnded, recordTrackStarted } from './track-events.js';

export interface StationPlayoutConfig {
  crossfadeMs: number;
  crossfadeCurve: FadeCurve;
  loudnessTargetLufs: number;
  outputs: EngineOutputSpec[];
}

export type DirectorStore = Pick<
  PlayoutRepository,
  | 'executor'
  | 'saveExecutor'
  | 'activeSources'
  | 'releaseSource'
  | 'queue'
  | 'dequeue'
  | 'startPlay'
  | 'endPlay'
  | 'media'
  | 'fallbackMedia'
>;

export interface DirectorTiming {
  /** Soft items are queued in the engine this long before they are due. */
  loadLeadMs: number;
  /** Hard-timed items replace the engine queue this long before their start. */
  hardLoadLeadMs: number;
  planRefreshMs: number;
  /** Status poll: how soon an engine restart is noticed. */
  syncEveryMs: number;
  horizonMs: number;
  maxSleepMs: number;
  maxQueued: number;
}

export const DEFAULT_TIMING: DirectorTiming = {
  loadLeadMs: 60_000,
  hardLoadLeadMs: 10_000,
  planRefreshMs: 5_000,
  syncEveryMs: 5_000,
  horizonMs: 15 * 60_000,
  maxSleepMs: 1_000,
  maxQueued: 3,
};

export interface StationDirectorDeps {
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

const SILENCE_THRESHOLD_DB = -50;
const SILENCE_REPORT_MS = 2_000;
const FALLBACK_ITEMS = 20;

/** What the director believes the engine is doing; rebuilt from engine status on sync. */
export interface DirectorView {
  onAir: Holder | undefined;
  current: { id: string; ref: ItemRef; startedAtMs: number } | undefined;
  loaded: string[];
  state: ExecutorState;
}

/**
 * Drives one station's engine ahead of time. Every entry point (tick, API actions, engine
 * events) runs through `exclusive` so decisions never interleave.
 */
export class StationDirector {
  readonly view: DirectorView = { onAir: undefined, current: undefined, loaded: [], state: 'idle' };
  private readonly t: DirectorTiming;
  private plan: UpcomingItem[] = [];
  private planAtMs = Number.NEGATIVE_INFINITY;
  private lastSyncMs = Number.NEGATIVE_INFINITY;
  private readonly specs = new Map<string, EngineItemSpec>();
  private readonly done = new Set<string>();
  private hardArmed: UpcomingItem | undefined;
  private fadeUntilMs: number | undefined;
  private silence: { durationMs: number; reportedAtMs: number } | undefined;
  private noSourceSinceMs: number | undefined;
  private lastDeadAirMs: number | undefined;
  private enabled = true;
  private settings: StationPlayoutConfig | undefined;
  private sentSettings: string | undefined;
  private subscription: { close(): void } | undefined;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly d: StationDirectorDeps) {
    this.t = { ...DEFAULT_TIMING, ...d.timing };
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

  /** One decision round; returns how long to sleep before the next one. */
  tick(): Promise<number> {
    return this.exclusive(async () => {
      const now = this.now();
      if (now - this.lastSyncMs >= this.t.syncEveryMs) await this.sync(now);
      if (now - this.planAtMs >= this.t.planRefreshMs) await this.refreshPlan(now);
      if (!this.enabled) return this.t.maxSleepMs;
      await this.applyPriority(now);
      const tier = this.view.onAir?.tier;
      if (tier !== undefined && tier >= 3) {
        await this.armHard(now);
        await this.fireHard(now);
        await this.loadAhead(now);
      }
      if (this.fadeUntilMs !== undefined && now >= this.fadeUntilMs) {
        this.fadeUntilMs = undefined;
        await this.exec({ type: 'fade_done' });
      }
      await this.guardDeadAir(now);
      return this.nextWake(now);
    });
  }

  /** Runs the ladder at once (emergency insert/release from the API) and waits for the engine. */
  applyNow(): Promise<void> {
    return this.exclusive(() => this.applyPriority(this.now()));
  }

  skip(): Promise<void> {
    return this.exclusive(async () => {
      await this.d.engine.skip(this.id);
      await this.startFade(250);
    });
  }

  setEnabled(enabled: boolean): Promise<void> {
    return this.exclusive(async () => {
      this.enabled = enabled;
      if (!enabled) {
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
    this.planAtMs = Number.NEGATIVE_INFINITY;
  }

  // ---- synchronisation -------------------------------------------------------------------

  /** Sends the station settings when the engine lacks them or they changed. */
  private async configure(force: boolean): Promise<void> {
    const cfg = await this.d.config();
    if (!cfg) return;
    const fallback = (await this.d.store.fallbackMedia(this.id, FALLBACK_ITEMS)).map((m) =>
      engineItem(itemId('f', m.id, m.id), m, this.d.mediaRoot),
    );
    const settings = {
      outputs: cfg.outputs,
      loudnessTargetLufs: cfg.loudnessTargetLufs,
      crossfadeMs: cfg.crossfadeMs,
      crossfadeCurve: cfg.crossfadeCurve,
      fallback,
      silenceThresholdDb: SILENCE_THRESHOLD_DB,
      silenceDurationMs: SILENCE_REPORT_MS,
    };
    const fingerprint = JSON.stringify(settings);
    this.settings = cfg;
    if (!force && fingerprint === this.sentSettings) return;
    await this.d.engine.configure(this.id, settings);
    this.sentSettings = fingerprint;
  }

  /** Rebuilds the view from the engine: after a restart of either process nothing is assumed. */
  private async sync(now: number): Promise<void> {
    this.lastSyncMs = now;
    let status = await this.d.engine.status(this.id);
    await this.configure(status.state === 'absent');
    if (status.state === 'absent') status = await this.d.engine.status(this.id);
    this.view.loaded = status.queuedItemIds.filter((id) => parseItemId(id) !== undefined);
    const ref = status.currentItemId === null ? undefined : parseItemId(status.currentItemId);
    if (ref && status.currentItemId !== null && this.view.current?.id !== status.currentItemId)
      this.view.current = {
        id: status.currentItemId,
        ref,
        startedAtMs: now - status.positionMs,
      };
    const sources = await this.d.store.activeSources(this.id);
    this.view.onAir = this.holderFromStatus(status.state, sources);
    if (status.state === 'stopped' || status.state === 'absent') {
      this.view.current = undefined;
      if (this.enabled) this.noSourceSinceMs ??= now;
    }
  }

  private holderFromStatus(
    state: 'stopped' | 'playing' | 'emergency' | 'live' | 'absent',
    sources: { id: string; tier: 0 | 1 | 2 }[],
  ): Holder | undefined {
    switch (state) {
      case 'stopped':
      case 'absent':
        return undefined;
      case 'emergency': {
        const em = sources.filter((s) => s.tier === 0).at(-1);
        // An emergency the database no longer knows is released on the next decision.
        return { tier: 0, sourceId: em?.id ?? 'engine' };
      }
      case 'live': {
        const live = sources.filter((s) => s.tier > 0).at(-1);
        return live ? { tier: live.tier, sourceId: live.id } : { tier: 1, sourceId: 'engine' };
      }
      case 'playing': {
        const ref = this.view.current?.ref;
        if (ref?.kind === 's') return { tier: 3, itemId: ref.ref, offsetMs: 0 };
        if (ref?.kind === 'q') return this.view.onAir?.tier === 3 ? this.view.onAir : { tier: 4 };
        return { tier: 4 };
      }
    }
  }

  private async refreshPlan(now: number): Promise<void> {
    this.planAtMs = now;
    this.plan = await this.d.upcoming.between(this.id, now - 6 * 3_600_000, now + this.t.horizonMs);
    if (this.hardArmed) {
      const id = this.hardArmed.id;
      this.hardArmed = this.plan.find((i) => i.id === id);
    }
  }

  private playable(): UpcomingItem[] {
    return this.plan.filter((i) => i.kind === 'media' && i.mediaId !== null);
  }

  // ---- priority ----------------------------------------------------------------------------

  private async applyPriority(now: number): Promise<void> {
    const rows = await this.d.store.activeSources(this.id);
    const decision = resolvePriority({
      nowMs: now,
      sources: rows.map((s) => ({
        id: s.id,
        tier: s.tier,
        activatedAtMs: Date.parse(s.activated_at),
      })),
      timeline: this.playable().map((i) => ({ id: i.id, startMs: i.startMs, endMs: i.endMs })),
      onAir: this.view.onAir,
    });
    if (decision.change === 'none' || decision.transition === undefined) return;
    const before = this.view.onAir;
    const h = decision.holder;
    const fadeMs = decision.transition.fadeMs;
    if (h.tier === 0) {
      const row = rows.find((r) => r.id === h.sourceId);
      const media = row?.media_id ? await this.d.store.media(row.media_id) : undefined;
      if (!row || !media) return;
      const spec = engineItem(itemId('e', row.id, media.id), media, this.d.mediaRoot);
      await this.d.engine.insertEmergency(this.id, spec, false);
      this.view.onAir = h;
      await this.exec({ type: 'emergency_on' });
    } else if (h.tier === 1 || h.tier === 2) {
      // The engine puts an attached live source on air by itself; we only track the hand-over.
      if (before?.tier === 0) await this.d.engine.releaseEmergency(this.id);
      this.view.onAir = h;
      await this.exec(
        before?.tier === 0 ? { type: 'emergency_off', liveActive: true } : { type: 'live_on' },
      );
    } else if (h.tier === 3) {
      await this.resume(h, before, fadeMs);
    } else {
      await this.toFallback(before);
    }
    // The ladder's answer is recorded at once; item details follow from the engine's events.
    await this.d.store.saveExecutor(
      this.id,
      { tier: h.tier, source_id: 'sourceId' in h ? h.sourceId : null },
      this.d.clock.now().toISOString(),
    );
    this.d.events.publish({
      type: 'priority',
      stationId: this.id,
      payload: {
        tier: h.tier,
        change: decision.change,
        source_id: 'sourceId' in h ? h.sourceId : null,
      },
    });
  }

  /** Automation takes (or retakes) the air at the item and offset that should be playing now. */
  private async resume(
    h: { tier: 3; itemId: string; offsetMs: number },
    before: Holder | undefined,
    fadeMs: number,
  ): Promise<void> {
    // Under a higher tier the engine's automation stood still, so its position is stale: only
    // when automation itself was on air can the item it plays be trusted to be on time.
    const wasAutomation = before === undefined || before.tier >= 3;
    const playingNow =
      wasAutomation &&
      this.view.current?.ref.kind === 's' &&
      this.view.current.ref.ref === h.itemId;
    const item = this.plan.find((i) => i.id === h.itemId);
    const media = item?.mediaId ? await this.d.store.media(item.mediaId) : undefined;
    if (!playingNow && item && media && media.active) {
      const spec = engineItem(
        itemId('s', item.id, media.id),
        media,
        this.d.mediaRoot,
        item,
        h.offsetMs,
      );
      this.specs.set(spec.id, spec);
      await this.d.engine.load(this.id, spec, true);
      this.view.loaded = [spec.id];
      if (before === undefined) await this.d.engine.play(this.id);
      else await this.d.engine.transition(this.id, fadeMs, this.curve());
    } else if (!playingNow) {
      // Unplayable item (missing file): leave it and let fallback carry the air.
      if (item) this.done.add(item.id);
      if (before === undefined) await this.d.engine.play(this.id);
    }
    if (before?.tier === 0) await this.d.engine.releaseEmergency(this.id);
    this.view.onAir = h;
    if (before?.tier === 0) await this.exec({ type: 'emergency_off', liveActive: false });
    else if (before?.tier === 1 || before?.tier === 2) await this.exec({ type: 'live_off' });
    else if (before === undefined) await this.exec({ type: 'preload' });
    if (before !== undefined && !playingNow) await this.startFade(fadeMs);
  }

  private async toFallback(before: Holder | undefined): Promise<void> {
    this.view.onAir = { tier: 4 };
    if (before?.tier === 0) {
      await this.d.engine.releaseEmergency(this.id);
      await this.exec({ type: 'emergency_off', liveActive: false });
    } else if (before?.tier === 1 || before?.tier === 2) {
      await this.exec({ type: 'live_off' });
    } else if (before === undefined) {
      // Nothing scheduled: play() lets the engine run its fallback rotation.
      await this.d.engine.play(this.id);
      await this.exec({ type: 'preload' });
    }
  }

  private curve(): FadeCurve {
    return this.settings?.crossfadeCurve ?? 'equal_power';
  }

  // ---- automation ---------------------------------------------------------------------------

  private async spec(item: UpcomingItem, offsetMs = 0): Promise<EngineItemSpec | undefined> {
    const media = item.mediaId ? await this.d.store.media(item.mediaId) : undefined;
    if (!media || !media.active) return undefined;
    const spec = engineItem(
      itemId('s', item.id, media.id),
      media,
      this.d.mediaRoot,
      item,
      offsetMs,
    );
    this.specs.set(spec.id, spec);
    return spec;
  }

  private isLoaded(item: UpcomingItem): boolean {
    const mine = (id: string) => parseItemId(id)?.ref === item.id;
    return (
      this.view.loaded.some(mine) || (this.view.current !== undefined && mine(this.view.current.id))
    );
  }

  /** A hard-timed item replaces the engine queue shortly before its start, then waits. */
  private async armHard(now: number): Promise<void> {
    const h = this.playable().find(
      (i) =>
        i.hardStart &&
        !this.done.has(i.id) &&
        i.startMs - this.t.hardLoadLeadMs <= now &&
        i.endMs > now,
    );
    if (!h || this.hardArmed?.id === h.id) return;
    const spec = await this.spec(h, Math.max(0, now - h.startMs));
    if (!spec) {
      this.done.add(h.id);
      return;
    }
    await this.d.engine.load(this.id, spec, true);
    this.view.loaded = [spec.id];
    this.hardArmed = h;
  }

  private async fireHard(now: number): Promise<void> {
    const h = this.hardArmed;
    if (!h || now < h.startMs) return;
    this.hardArmed = undefined;
    this.done.add(h.id);
    const fadeMs = h.fadeInMs ?? this.settings?.crossfadeMs ?? 0;
    await this.d.engine.transition(this.id, fadeMs, this.curve());
    await this.startFade(fadeMs);
  }

  /** Queues the play-next items, then scheduled soft items due within the lead time. */
  private async loadAhead(now: number): Promise<void> {
    await this.loadQueue();
    const after = this.hardArmed?.startMs ?? Number.NEGATIVE_INFINITY;
    for (const item of this.playable()) {
      if (this.view.loaded.length >= this.t.maxQueued) return;
      if (item.startMs > now + this.t.loadLeadMs) return;
      if (item.hardStart || item.endMs <= now || item.startMs < after) continue;
      if (this.done.has(item.id) || this.isLoaded(item)) continue;
      const spec = await this.spec(item);
      if (!spec) {
        this.done.add(item.id);
        continue;
      }
      await this.d.engine.load(this.id, spec, false);
      this.view.loaded.push(spec.id);
    }
  }

  /** Operator's play-next items go ahead of everything already queued. */
  private async loadQueue(): Promise<void> {
    const rows = await this.d.store.queue(this.id);
    const wanted: EngineItemSpec[] = [];
    for (const q of rows) {
      if (this.view.current?.ref.kind === 'q' && this.view.current.ref.ref === q.id) continue;
      const media = await this.d.store.media(q.media_id);
      if (media) wanted.push(engineItem(itemId('q', q.id, media.id), media, this.d.mediaRoot));
    }
    const queuedNow = this.view.loaded.filter((id) => parseItemId(id)?.kind === 'q');
    if (wanted.map((s) => s.id).join() === queuedNow.join()) return;
    const rest = this.view.loaded
      .filter((id) => parseItemId(id)?.kind !== 'q')
      .map((id) => this.specs.get(id))
      .filter((s): s is EngineItemSpec => s !== undefined);
    const all = [...wanted, ...rest];
    this.view.loaded = [];
    for (const [i, spec] of all.entries()) {
      this.specs.set(spec.id, spec);
      await this.d.engine.load(this.id, spec, i === 0);
      this.view.loaded.push(spec.id);
    }
    if (all.length === 0 && queuedNow.length > 0) {
      // Every queued item was removed: drop them from the engine too.
      this.view.loaded = [];
    }
  }

  private nextWake(now: number): number {
    const due: number[] = [now + this.t.maxSleepMs];
    if (this.fadeUntilMs !== undefined) due.push(this.fadeUntilMs);
    for (const i of this.playable()) {
      if (i.hardStart) due.push(i.startMs - this.t.hardLoadLeadMs, i.startMs);
      else due.push(i.startMs - this.t.loadLeadMs);
    }
    const next = Math.min(...due.filter((t) => t > now));
    return Math.max(1, next - now);
  }

  // ---- executor, events, dead air -----------------------------------------------------------

  private async startFade(ms: number): Promise<void> {
    if (ms <= 0) return;
    this.fadeUntilMs = this.now() + ms;
    await this.exec({ type: 'fade_started' });
  }

  async exec(ev: ExecutorEvent): Promise<void> {
    const t = transition(this.view.state, ev);
    if (!t.accepted || t.to === t.from) return;
    this.view.state = t.to;
    this.d.metrics.transition(this.id, t.from, t.to);
    this.d.metrics.setState(this.id, t.to);
    await this.d.store.saveExecutor(this.id, { state: t.to }, this.d.clock.now().toISOString());
    this.d.events.publish({
      type: 'executor_state',
      stationId: this.id,
      payload: { state: t.to, previous: t.from },
    });
  }

  private async onEngineEvent(ev: EngineEventView): Promise<void> {
    switch (ev.type) {
      case 'track_started':
        this.silence = undefined;
        this.noSourceSinceMs = undefined;
        await recordTrackStarted(this, this.trackDeps(), ev);
        return;
      case 'track_ended':
        await recordTrackEnded(this, this.trackDeps(), ev);
        return;
      case 'silence':
        this.silence = { durationMs: ev.durationMs, reportedAtMs: this.now() };
        return;
      case 'levels':
        if (ev.rmsDb > SILENCE_THRESHOLD_DB) this.silence = undefined;
        return;
    }
  }

  private trackDeps() {
    return {
      stationId: this.id,
      store: this.d.store,
      events: this.d.events,
      done: this.done,
      plan: this.plan,
    };
  }

  private async guardDeadAir(now: number): Promise<void> {
    const onAir = this.view.onAir;
    const action = decideDeadAir(
      {
        nowMs: now,
        silence: this.silence,
        noSourceSinceMs: this.noSourceSinceMs,
        shouldPlay: this.enabled,
        liveOnAir: onAir?.tier === 1 || onAir?.tier === 2,
        lastActionAtMs: this.lastDeadAirMs,
        hasNextItem: this.view.loaded.length > 0,
      },
      this.d.deadAirMs,
    );
    if (action.kind === 'none') return;
    this.lastDeadAirMs = now;
    this.silence = undefined;
    if (this.noSourceSinceMs !== undefined) {
      this.noSourceSinceMs = undefined;
      this.lastSyncMs = Number.NEGATIVE_INFINITY;
      await this.d.engine.play(this.id);
    } else {
      await this.d.engine.skip(this.id);
    }
    for (const o of this.settings?.outputs ?? [{ mount: '' }])
      this.d.metrics.dropout(this.id, o.mount);
    this.d.log.warn({ station_id: this.id, ...action }, 'dead air: moving on');
    this.d.events.publish({
      type: 'dead_air',
      stationId: this.id,
      payload: { action: action.kind, reason: action.reason, dead_ms: action.deadMs },
    });
  }
}
