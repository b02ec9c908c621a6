import { engineItem, itemId } from '../engine/engine-items.js';
import type { AutomationLoader } from './automation-loader.js';
import type { ExecutorEvent } from './executor-state.js';
import { resolvePriority, type Holder } from '../priority/priority-resolver.js';
import type {
  DirectorStore,
  DirectorView,
  EngineControl,
  EventPublisher,
  FadeCurve,
} from '../ports.js';

/** What a priority switch touches of its station director. */
export interface SwitchHost {
  readonly id: string;
  readonly view: DirectorView;
  readonly loader: AutomationLoader;
  readonly engine: EngineControl;
  readonly store: DirectorStore;
  readonly events: EventPublisher;
  readonly mediaRoot: string;
  exec(ev: ExecutorEvent): Promise<void>;
  startFade(ms: number): Promise<void>;
  curve(): FadeCurve;
}

/**
 * Runs the ladder and carries out a change of hands: emergency insert, live hand-over, the
 * time-correct resume of automation, or fallback.
 *
 * Owners (see ../README.md): the director decides emergency and automation (it sends insert,
 * release, load and transition). The LIVE switch is owned by the engine alone —
 * `PriorityInputs.active()` in packages/media-engine/src/station/priority-inputs.ts puts an
 * attached live source on air the moment its audio is ready and takes it off when it ends; the
 * director only records that hand-over (state, priority event, executor row) and never sends
 * the engine anything to switch live on or off.
 */
export async function applyPriority(x: SwitchHost, now: number): Promise<void> {
  const rows = await x.store.activeSources(x.id);
  const decision = resolvePriority({
    nowMs: now,
    sources: rows.map((s) => ({
      id: s.id,
      tier: s.tier,
      activatedAtMs: Date.parse(s.activated_at),
    })),
    timeline: x.loader
      .playable()
      .map((i) => ({ id: i.id, startMs: i.startMs, endMs: i.endMs, hardStart: i.hardStart })),
    onAir: x.view.onAir,
  });
  if (decision.change === 'none' || decision.transition === undefined) return;
  const before = x.view.onAir;
  const h = decision.holder;
  if (h.tier === 0) {
    const row = rows.find((r) => r.id === h.sourceId);
    const media = row?.media_id ? await x.store.media(row.media_id) : undefined;
    if (!row || !media) return;
    const spec = engineItem(itemId('e', row.id, media.id), media, x.mediaRoot);
    await x.engine.insertEmergency(x.id, spec, false);
    x.view.onAir = h;
    await x.exec({ type: 'emergency_on' });
  } else if (h.tier === 1 || h.tier === 2) {
    // Recorded only: the engine switched live on air itself (it owns the live switch).
    if (before?.tier === 0) await x.engine.releaseEmergency(x.id);
    x.view.onAir = h;
    const off = { type: 'emergency_off', liveActive: true } as const;
    await x.exec(before?.tier === 0 ? off : { type: 'live_on' });
  } else if (h.tier === 3) {
    await resume(x, h, before, decision.transition.fadeMs);
  } else {
    await toFallback(x, before);
  }
  // The ladder's answer is recorded at once; item details follow from the engine's events.
  const sourceId = 'sourceId' in h ? h.sourceId : null;
  await x.store.saveExecutor(
    x.id,
    { tier: h.tier, source_id: sourceId },
    new Date(now).toISOString(),
  );
  publishPriority(x, before, h, now);
}

function publishPriority(x: SwitchHost, before: Holder | undefined, h: Holder, now: number): void {
  const explicit = 'sourceId' in h ? h : before && 'sourceId' in before ? before : undefined;
  if (!explicit) return;
  x.events.publish({
    type: 'priority',
    payload: {
      station_id: x.id,
      at: new Date(now).toISOString(),
      action: explicit === h ? 'activated' : 'released',
      priority_id: explicit.sourceId,
      tier: explicit.tier,
      source_type: explicit.tier === 0 ? 'emergency' : 'live',
      source_id: explicit.sourceId,
    },
  });
}

/** Automation takes (or retakes) the air at the item and offset that should be playing now. */
async function resume(
  x: SwitchHost,
  h: { tier: 3; itemId: string; offsetMs: number },
  before: Holder | undefined,
  fadeMs: number,
): Promise<void> {
  // Under a higher tier the engine's automation stood still, so its position is stale: only
  // when automation itself was on air can the item it plays be trusted to be on time.
  const wasAutomation = before === undefined || before.tier >= 3;
  const cur = x.view.current?.ref;
  const playingNow = wasAutomation && cur?.kind === 's' && cur.ref === h.itemId;
  const item = x.loader.plan.find((i) => i.id === h.itemId);
  // Automation ran dry and fallback filled in: an item that already aired is not aired again;
  // fallback keeps the air until the next item is due.
  if (before?.tier === 4 && item && x.loader.done.has(item.id) && !playingNow) return;
  const spec = item && !playingNow ? await x.loader.spec(item, h.offsetMs) : undefined;
  if (spec && item) {
    x.loader.started(item.id);
    await x.engine.load(x.id, spec, true);
    x.view.loaded = [spec.id];
    if (before === undefined) await x.engine.play(x.id);
    else await x.engine.transition(x.id, fadeMs, x.curve());
  } else if (!playingNow) {
    // Unplayable item (missing file): leave it and let fallback carry the air.
    if (item) x.loader.done.add(item.id);
    if (before === undefined) await x.engine.play(x.id);
  }
  if (before?.tier === 0) await x.engine.releaseEmergency(x.id);
  x.view.onAir = h;
  if (before?.tier === 0) await x.exec({ type: 'emergency_off', liveActive: false });
  else if (before?.tier === 1 || before?.tier === 2) await x.exec({ type: 'live_off' });
  else if (before === undefined) await x.exec({ type: 'preload' });
  if (before !== undefined && !playingNow) await x.startFade(fadeMs);
}

async function toFallback(x: SwitchHost, before: Holder | undefined): Promise<void> {
  x.view.onAir = { tier: 4 };
  if (before?.tier === 0) {
    await x.engine.releaseEmergency(x.id);
    await x.exec({ type: 'emergency_off', liveActive: false });
  } else if (before?.tier === 1 || before?.tier === 2) {
    await x.exec({ type: 'live_off' });
  } else if (before === undefined) {
    // Nothing scheduled: play() lets the engine run its fallback rotation.
    await x.engine.play(x.id);
    await x.exec({ type: 'preload' });
  }
}
