import { engineItem, itemId, parseItemId } from '../engine/engine-items.js';
import type { PlayoutRepository } from '../playout.repository.js';
import type {
  DirectorView,
  EngineControl,
  EngineItemSpec,
  UpcomingItem,
  UpcomingItems,
} from '../ports.js';
import { isRelaySlot, relaySpec } from '../engine/relay-items.js';

type LoaderStore = Pick<PlayoutRepository, 'queue' | 'media'>;

export interface DirectorTiming {
  /** Soft items are queued in the engine this long before they are due. */
  loadLeadMs: number;
  /** Hard-timed items replace the engine queue this long before their start. */
  hardLoadLeadMs: number;
  /**
   * The transition to a hard-timed item is sent this long before its start (by default with
   * the arm), carrying the start time: the engine places it on the exact sample and holds the
   * item for it, so an item ending early or a skip cannot start it sooner. Must exceed the
   * engine's render-ahead (GRIMNIR_MEDIA_ENGINE_LATENCY, 500 ms by default) plus a late timer
   * and the RPC, or the item starts late by the difference.
   */
  hardTransitionLeadMs: number;
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
  hardTransitionLeadMs: 10_000,
  planRefreshMs: 5_000,
  syncEveryMs: 5_000,
  horizonMs: 15 * 60_000,
  maxSleepMs: 1_000,
  maxQueued: 3,
};

interface LoaderDeps {
  stationId: string;
  engine: EngineControl;
  upcoming: UpcomingItems;
  store: LoaderStore;
  mediaRoot: string;
  timing: DirectorTiming;
  view: DirectorView;
}

/**
 * Keeps the engine's automation queue ahead of the plan: play-next items first, soft items
 * within the lead time, hard-timed items armed (queue replaced) shortly before their start and
 * fired by a transition sent ahead that names their exact start time.
 */
export class AutomationLoader {
  plan: UpcomingItem[] = [];
  /** Schedule items that aired (or were given up); never loaded again. */
  readonly done = new Set<string>();
  private planAtMs = Number.NEGATIVE_INFINITY;
  private readonly specs = new Map<string, EngineItemSpec>();
  private hardArmed: UpcomingItem | undefined;
  /** The armed item is held in the engine for a timed transition (armed before its start). */
  private armedHeld = false;
  /** Start of the timed transition last sent; the engine holds one at a time. */
  private scheduledAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly d: LoaderDeps) {}

  private get id(): string {
    return this.d.stationId;
  }

  invalidate(): void {
    this.planAtMs = Number.NEGATIVE_INFINITY;
  }

  async refresh(now: number): Promise<void> {
    if (now - this.planAtMs < this.d.timing.planRefreshMs) return;
    this.planAtMs = now;
    this.plan = await this.d.upcoming.between(
      this.id,
      now - 6 * 3_600_000,
      now + this.d.timing.horizonMs,
    );
    const armed = this.hardArmed?.id;
    if (armed !== undefined) this.hardArmed = this.plan.find((i) => i.id === armed);
  }

  playable(): UpcomingItem[] {
    return this.plan.filter((i) => (i.kind === 'media' && i.mediaId !== null) || isRelaySlot(i));
  }

  /** The engine spec of a scheduled item (undefined when its media is missing, inactive or fenced). */
  async spec(item: UpcomingItem, offsetMs = 0): Promise<EngineItemSpec | undefined> {
    const media = item.mediaId ? await this.d.store.media(item.mediaId) : undefined;
    const spec =
      media?.active && !media.failed
        ? engineItem(itemId('s', item.id, media.id), media, this.d.mediaRoot, item, offsetMs)
        : relaySpec(item, offsetMs);
    if (!spec) return undefined;
    this.specs.set(spec.id, spec);
    return spec;
  }

  specOf(id: string): EngineItemSpec | undefined {
    return this.specs.get(id);
  }

  private isLoaded(item: UpcomingItem): boolean {
    const mine = (id: string) => parseItemId(id)?.ref === item.id;
    const cur = this.d.view.current;
    return this.d.view.loaded.some(mine) || (cur !== undefined && mine(cur.id));
  }

  /**
   * The engine takes queued items on its own clock: until it reports the item we asked it to
   * start, replacing its queue could drop that very item.
   */
  private pendingStart(): boolean {
    return this.d.view.current === undefined && this.d.view.loaded.length > 0;
  }

  /** A hard-timed item replaces the engine queue shortly before its start, then waits. */
  async armHard(now: number): Promise<void> {
    const lead = this.armLeadMs();
    const h = this.playable().find(
      (i) => i.hardStart && !this.done.has(i.id) && i.startMs - lead <= now && i.endMs > now,
    );
    if (!h || this.hardArmed?.id === h.id || this.pendingStart()) return;
    // The engine holds one timed start at a time: the next is armed once it has started.
    if (now < this.scheduledAt) return;
    const spec = await this.spec(h, Math.max(0, now - h.startMs));
    if (!spec) {
      this.done.add(h.id);
      return;
    }
    // Held, not queued: until its transition names the time, nothing starts it early. An item
    // armed late (its start passed) is queued and started by a "now" transition.
    const hold = h.startMs > now;
    await this.d.engine.load(this.id, spec, true, hold);
    this.d.view.loaded = [spec.id];
    this.hardArmed = h;
    this.armedHeld = hold;
  }

  /** An item was started some other way (a resume): it is neither loaded again nor fired. */
  started(itemId: string): void {
    this.done.add(itemId);
    if (this.hardArmed?.id === itemId) this.hardArmed = undefined;
  }

  /** Never later than the transition that will start it. */
  private armLeadMs(): number {
    return Math.max(this.d.timing.hardLoadLeadMs, this.d.timing.hardTransitionLeadMs);
  }

  /**
   * Returns the armed item whose transition is due (its start is within the transition lead)
   * and the start time to send with it (0 = now: the item was armed late).
   */
  dueHard(now: number): { item: UpcomingItem; atMs: number } | undefined {
    const h = this.hardArmed;
    if (!h || now < h.startMs - this.d.timing.hardTransitionLeadMs) return undefined;
    this.hardArmed = undefined;
    this.done.add(h.id);
    this.scheduledAt = h.startMs;
    return { item: h, atMs: this.armedHeld ? h.startMs : 0 };
  }

  /** Queues the play-next items, then scheduled soft items due within the lead time. */
  async loadAhead(now: number): Promise<void> {
    await this.loadQueue();
    const after = this.hardArmed?.startMs ?? Number.NEGATIVE_INFINITY;
    const view = this.d.view;
    for (const item of this.playable()) {
      if (view.loaded.length >= this.d.timing.maxQueued) return;
      if (item.startMs > now + this.d.timing.loadLeadMs) return;
      if (item.hardStart || item.endMs <= now || item.startMs < after) continue;
      if (this.done.has(item.id) || this.isLoaded(item)) continue;
      const spec = await this.spec(item);
      if (!spec) {
        this.done.add(item.id);
        continue;
      }
      await this.d.engine.load(this.id, spec, false);
      view.loaded.push(spec.id);
    }
  }

  /** Operator's play-next items go ahead of everything already queued. */
  private async loadQueue(): Promise<void> {
    const view = this.d.view;
    const wanted: EngineItemSpec[] = [];
    for (const q of await this.d.store.queue(this.id)) {
      if (view.current?.ref.kind === 'q' && view.current.ref.ref === q.id) continue;
      const media = await this.d.store.media(q.media_id);
      if (media && !media.failed)
        wanted.push(engineItem(itemId('q', q.id, media.id), media, this.d.mediaRoot));
    }
    const queuedNow = view.loaded.filter((id) => parseItemId(id)?.kind === 'q');
    if (wanted.map((s) => s.id).join() === queuedNow.join() || this.pendingStart()) return;
    const rest = view.loaded
      .filter((id) => parseItemId(id)?.kind !== 'q')
      .map((id) => this.specs.get(id))
      .filter((s): s is EngineItemSpec => s !== undefined);
    const all = [...wanted, ...rest];
    view.loaded = [];
    for (const [i, spec] of all.entries()) {
      this.specs.set(spec.id, spec);
      await this.d.engine.load(this.id, spec, i === 0);
      view.loaded.push(spec.id);
    }
  }

  /** The next moment something is due: a hard start, an arm, a load. */
  nextDue(now: number): number[] {
    const due: number[] = [];
    for (const i of this.playable()) {
      if (i.hardStart)
        due.push(
          i.startMs - this.armLeadMs(),
          i.startMs - this.d.timing.hardTransitionLeadMs,
          i.startMs,
        );
      else due.push(i.startMs - this.d.timing.loadLeadMs);
    }
    return due.filter((t) => t > now);
  }
}
