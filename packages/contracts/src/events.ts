import { z } from 'zod';
import { IMPORT_JOB_STATES } from './imports.js';
import { EXECUTOR_STATES } from './playout.js';

/**
 * Live events on `GET /api/v1/events` (WebSocket). Every payload names its station, which is
 * how the server filters events to the stations a caller may see.
 */
export const ExecutorStateName = z.enum(EXECUTOR_STATES);

/** 0 emergency · 1 live override · 2 live scheduled · 3 automation · 4 fallback. */
export const PriorityTier = z.number().int().min(0).max(4);

const StationScoped = z.object({ station_id: z.string(), at: z.string() });

const NowPlayingItem = z.object({
  media_id: z.string().nullable(),
  title: z.string(),
  artist: z.string(),
  album: z.string(),
  starts_at: z.string().nullable(),
});

export const NowPlayingEvent = z.object({
  type: z.literal('now_playing'),
  payload: StationScoped.extend({
    entry_id: z.string().nullable(),
    media_id: z.string().nullable(),
    title: z.string(),
    artist: z.string(),
    album: z.string(),
    started_at: z.string(),
    ends_at: z.string().nullable(),
    tier: PriorityTier,
    source_type: z.string(),
    up_next: z.array(NowPlayingItem),
  }),
});

export const ScheduleUpdateEvent = z.object({
  type: z.literal('schedule_update'),
  payload: StationScoped.extend({ start: z.string(), end: z.string(), reason: z.string() }),
});

export const ExecutorStateEvent = z.object({
  type: z.literal('executor_state'),
  payload: StationScoped.extend({
    state: ExecutorStateName,
    previous: ExecutorStateName.nullable(),
    tier: PriorityTier.nullable(),
  }),
});

/** Output levels in dBFS per channel; delivered to clients at most a few times per second. */
export const LevelsEvent = z.object({
  type: z.literal('levels'),
  payload: StationScoped.extend({
    rms_dbfs: z.array(z.number()).max(8),
    peak_dbfs: z.array(z.number()).max(8),
  }),
});

export const ListenersEvent = z.object({
  type: z.literal('listeners'),
  payload: StationScoped.extend({
    mount: z.string(),
    mount_id: z.string(),
    count: z.number().int().min(0),
  }),
});

export const PriorityEvent = z.object({
  type: z.literal('priority'),
  payload: StationScoped.extend({
    action: z.enum(['activated', 'released']),
    priority_id: z.string(),
    tier: PriorityTier,
    source_type: z.string(),
    source_id: z.string().nullable(),
  }),
});

export const DeadAirEvent = z.object({
  type: z.literal('dead_air'),
  payload: StationScoped.extend({
    mount: z.string().nullable(),
    silent_seconds: z.number().min(0),
    action: z.enum(['skip', 'fallback', 'none']),
  }),
});

/** The play-next queue changed (added, removed, reordered): `ids` is its new play order. */
export const QueueEvent = z.object({
  type: z.literal('queue'),
  payload: StationScoped.extend({
    action: z.enum(['added', 'removed', 'reordered']),
    ids: z.array(z.string()),
  }),
});

/**
 * Library items changed: uploaded, edited (one or in bulk), deleted, or their analysis finished
 * (`analysed`, whether it succeeded or failed). Consoles refresh their library views.
 */
export const MediaEvent = z.object({
  type: z.literal('media'),
  payload: StationScoped.extend({
    action: z.enum(['added', 'updated', 'deleted', 'analysed']),
    media_ids: z.array(z.string()),
  }),
});

/**
 * An import job of the station moved on (started, a file done, ended): at most one per second
 * while it runs, and always its last state. Consoles refresh the job's progress.
 */
export const ImportEvent = z.object({
  type: z.literal('import'),
  payload: StationScoped.extend({
    import_id: z.string(),
    state: z.enum(IMPORT_JOB_STATES),
    total: z.number().int(),
    imported: z.number().int(),
    duplicates: z.number().int(),
    failed: z.number().int(),
  }),
});

export const GrimnirEvent = z.discriminatedUnion('type', [
  NowPlayingEvent,
  ScheduleUpdateEvent,
  ExecutorStateEvent,
  LevelsEvent,
  ListenersEvent,
  PriorityEvent,
  DeadAirEvent,
  QueueEvent,
  MediaEvent,
  ImportEvent,
]);
export type GrimnirEvent = z.infer<typeof GrimnirEvent>;
export type EventType = GrimnirEvent['type'];
export const EVENT_TYPES = [
  'now_playing',
  'schedule_update',
  'executor_state',
  'levels',
  'listeners',
  'priority',
  'dead_air',
  'queue',
  'media',
  'import',
] as const satisfies readonly EventType[];
export const EventTypeName = z.enum(EVENT_TYPES);
/** The payload type of one event type, e.g. `EventPayload<'listeners'>`. */
export type EventPayload<T extends EventType> = Extract<GrimnirEvent, { type: T }>['payload'];
