import { engineItem, itemId } from './engine-items.js';
import type { PlayoutRepository } from '../playout.repository.js';
import type { ExplicitTier, Holder } from '../priority/priority-resolver.js';
import type {
  DirectorView,
  EngineOutputSpec,
  EngineStationSettings,
  EngineStatusView,
  FadeCurve,
} from '../ports.js';

export interface StationPlayoutConfig {
  crossfadeMs: number;
  crossfadeCurve: FadeCurve;
  loudnessTargetLufs: number;
  outputs: EngineOutputSpec[];
}

export const SILENCE_THRESHOLD_DB = -50;
const SILENCE_REPORT_MS = 2_000;
const FALLBACK_ITEMS = 20;

/** The engine settings of a station: its outputs, crossfade, loudness and fallback rotation. */
export async function engineSettings(
  stationId: string,
  cfg: StationPlayoutConfig,
  store: Pick<PlayoutRepository, 'fallbackMedia'>,
  mediaRoot: string,
): Promise<EngineStationSettings> {
  const fallback = (await store.fallbackMedia(stationId, FALLBACK_ITEMS)).map((m) =>
    engineItem(itemId('f', m.id, m.id), m, mediaRoot),
  );
  return {
    outputs: cfg.outputs,
    loudnessTargetLufs: cfg.loudnessTargetLufs,
    crossfadeMs: cfg.crossfadeMs,
    crossfadeCurve: cfg.crossfadeCurve,
    fallback,
    silenceThresholdDb: SILENCE_THRESHOLD_DB,
    silenceDurationMs: SILENCE_REPORT_MS,
  };
}

/**
 * Who holds the air according to the engine's status (after a restart of either process the
 * director trusts nothing else). Pure.
 */
export function holderFromStatus(
  state: EngineStatusView['state'],
  sources: readonly { id: string; tier: ExplicitTier }[],
  view: Pick<DirectorView, 'current' | 'onAir'>,
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
      const ref = view.current?.ref;
      if (ref?.kind === 's') return { tier: 3, itemId: ref.ref, offsetMs: 0 };
      if (ref?.kind === 'q') return view.onAir?.tier === 3 ? view.onAir : { tier: 4 };
      return { tier: 4 };
    }
  }
}
