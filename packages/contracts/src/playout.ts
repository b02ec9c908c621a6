import { z } from 'zod';

/** A station executor's states (the director's state machine, its API and its events). */
export const EXECUTOR_STATES = [
  'idle',
  'preloading',
  'playing',
  'fading',
  'live',
  'emergency',
] as const;
export type ExecutorState = (typeof EXECUTOR_STATES)[number];
export const TIER_NAME_LIST = [
  'emergency',
  'live_override',
  'live_scheduled',
  'automation',
  'fallback',
] as const;
export type PriorityTierName = (typeof TIER_NAME_LIST)[number];

export const StationIdBody = z.object({ station_id: z.uuid() });
export const StationIdQuery = z.object({ station_id: z.uuid() });

export const EmergencyInsertRequest = z.object({ station_id: z.uuid(), media_id: z.uuid() });

export const PrioritySource = z.object({
  id: z.string(),
  station_id: z.string(),
  tier: z.number().int().min(0).max(4),
  tier_name: z.enum(TIER_NAME_LIST),
  kind: z.string(),
  media_id: z.string().nullable(),
  activated_at: z.string(),
  released_at: z.string().nullable(),
  /** True once the engine acknowledged the switch (false when no engine is connected here). */
  on_air: z.boolean(),
});
export type PrioritySource = z.infer<typeof PrioritySource>;

export const PriorityCurrent = z.object({
  station_id: z.string(),
  tier: z.number().int().min(0).max(4),
  tier_name: z.enum(TIER_NAME_LIST),
  source_id: z.string().nullable(),
  state: z.enum(EXECUTOR_STATES),
  active_sources: z.array(PrioritySource),
});

export const NowPlayingItem = z.object({
  item_id: z.string(),
  media_id: z.string().nullable(),
  title: z.string(),
  started_at: z.string().nullable(),
  ends_at: z.string().nullable(),
});

export const UpNextItem = z.object({
  media_id: z.string().nullable(),
  title: z.string(),
  starts_at: z.string().nullable(),
  source: z.enum(['queue', 'schedule']),
});

/** Why listeners hear nothing: the engine does not answer, or it plays silence. */
export const OFF_AIR_REASONS = ['engine_unreachable', 'silent'] as const;

export const NowPlaying = z.object({
  station_id: z.string(),
  state: z.enum(EXECUTOR_STATES),
  /** False while the station is off air; `current` is then null, whatever played last. */
  on_air: z.boolean(),
  off_air_reason: z.enum(OFF_AIR_REASONS).nullable(),
  tier: z.number().int().min(0).max(4).nullable(),
  tier_name: z.enum(TIER_NAME_LIST).nullable(),
  current: NowPlayingItem.nullable(),
  up_next: z.array(UpNextItem),
});
export type NowPlaying = z.infer<typeof NowPlaying>;

export const QueueAddRequest = z.object({ station_id: z.uuid(), media_id: z.uuid() });
/**
 * A new play order for the whole queue. `previous_ids` is the order the client saw: should the
 * queue have changed since (another operator), the reorder is refused with 409 queue_changed.
 */
export const QueueReorderRequest = z.object({
  station_id: z.uuid(),
  ids: z.array(z.uuid()).max(1000),
  previous_ids: z.array(z.uuid()).max(1000),
});
export const QueueItem = z.object({
  id: z.string(),
  station_id: z.string(),
  media_id: z.string(),
  title: z.string(),
  created_by: z.string().nullable(),
  created_at: z.string(),
});

export const PlayoutState = z.object({
  station_id: z.string(),
  enabled: z.boolean(),
  state: z.enum(EXECUTOR_STATES),
});
