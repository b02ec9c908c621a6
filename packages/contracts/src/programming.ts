import { z } from 'zod';

// Programming: smart-block rules, playlists, hour clocks, schedule entries and shows.
// Wire fields are snake_case; durations are milliseconds unless the name says otherwise.

export const SMART_BLOCK_FIELDS = [
  'genre',
  'mood',
  'artist',
  'album',
  'title',
  'year',
  'bpm',
  'duration_ms',
  'tags',
  'added_at',
  'last_played_at',
  'play_count',
  'explicit',
  'language',
  'label',
  'energy',
] as const;
export const smartBlockFieldSchema = z.enum(SMART_BLOCK_FIELDS);
export type SmartBlockField = z.infer<typeof smartBlockFieldSchema>;

export const FILTER_OPERATORS = [
  'eq',
  'neq',
  'contains',
  'in',
  'between',
  'gt',
  'lt',
  'newer_than',
  'older_than',
] as const;
export const filterOperatorSchema = z.enum(FILTER_OPERATORS);
export type FilterOperator = z.infer<typeof filterOperatorSchema>;

/** `30d`, `12h`, `90m`, `45s`, `2w` or a number of milliseconds (for newer_than/older_than). */
export const relativeDurationSchema = z.union([
  z.number().int().nonnegative(),
  z.string().regex(/^\d+(ms|s|m|h|d|w)$/, 'expected a duration like 30d, 12h, 90m'),
]);

const scalarSchema = z.union([z.string(), z.number(), z.boolean()]);

export const smartBlockFilterSchema = z.object({
  field: smartBlockFieldSchema,
  op: filterOperatorSchema,
  value: z.union([scalarSchema, z.array(scalarSchema), relativeDurationSchema]),
});
export type SmartBlockFilter = z.infer<typeof smartBlockFilterSchema>;

export const smartBlockWeightSchema = z.object({
  filter: smartBlockFilterSchema,
  /** Multiplies the chance of tracks matching `filter`; 0 never picks them unless relaxed. */
  weight: z.number().min(0).max(1000),
});
export type SmartBlockWeight = z.infer<typeof smartBlockWeightSchema>;

export const smartBlockQuotaSchema = z
  .object({
    filter: smartBlockFilterSchema,
    min: z.number().int().nonnegative().optional(),
    max: z.number().int().nonnegative().optional(),
    /** Quota window; omitted = the whole block. Max looks back into play history too. */
    window_minutes: z.number().int().positive().max(10_080).optional(),
  })
  .refine((q) => q.min !== undefined || q.max !== undefined, 'a quota needs min or max')
  .refine((q) => q.min === undefined || q.max === undefined || q.min <= q.max, 'min > max');
export type SmartBlockQuota = z.infer<typeof smartBlockQuotaSchema>;

export const separationSchema = z.object({
  artist_minutes: z.number().int().nonnegative().max(10_080).default(0),
  title_minutes: z.number().int().nonnegative().max(10_080).default(0),
  album_minutes: z.number().int().nonnegative().max(10_080).default(0),
});
export type Separation = z.infer<typeof separationSchema>;

export const energyPointSchema = z.object({
  at: z.number().min(0).max(1),
  energy: z.number().min(0).max(1),
});

export const smartBlockRulesSchema = z.object({
  include: z.array(smartBlockFilterSchema).default([]),
  /** `all`: a track must match every include filter; `any`: at least one. */
  include_mode: z.enum(['all', 'any']).default('all'),
  exclude: z.array(smartBlockFilterSchema).default([]),
  weights: z.array(smartBlockWeightSchema).default([]),
  quotas: z.array(smartBlockQuotaSchema).default([]),
  separation: separationSchema.default({ artist_minutes: 0, title_minutes: 0, album_minutes: 0 }),
  /** Tolerance on the window length; the block ends within ±tolerance of the target. */
  tolerance_ms: z.number().int().nonnegative().max(600_000).default(10_000),
  /** Short items (jingles, bumpers) used to close the last seconds of a block. */
  fillers: z.array(smartBlockFilterSchema).default([]),
  energy_curve: z.array(energyPointSchema).max(32).default([]),
});
export type SmartBlockRules = z.infer<typeof smartBlockRulesSchema>;
export type SmartBlockRulesInput = z.input<typeof smartBlockRulesSchema>;

/** Constraints relaxed when a block cannot be filled, in this order (documented contract). */
export const RELAXATION_ORDER = [
  'quota_min',
  'album_separation',
  'quota_max',
  'artist_separation',
  'title_separation',
  'duration_tolerance',
] as const;
export type Relaxation = (typeof RELAXATION_ORDER)[number];

// ---- playlists ----
export const playlistItemInputSchema = z.object({
  media_id: z.string().min(1),
  cue_in_ms: z.number().int().nonnegative().optional(),
  cue_out_ms: z.number().int().positive().optional(),
  fade_in_ms: z.number().int().nonnegative().max(60_000).optional(),
  fade_out_ms: z.number().int().nonnegative().max(60_000).optional(),
});
export type PlaylistItemInput = z.infer<typeof playlistItemInputSchema>;
export const playlistModeSchema = z.enum(['ordered', 'shuffled']);

// ---- hour clocks ----
export const CLOCK_SLOT_TYPES = [
  'smart_block',
  'playlist',
  'hard_item',
  'stopset',
  'webstream',
  'live',
] as const;
export const clockSlotTypeSchema = z.enum(CLOCK_SLOT_TYPES);
export type ClockSlotType = z.infer<typeof clockSlotTypeSchema>;

export const clockSlotPayloadSchema = z.object({
  smart_block_id: z.string().optional(),
  playlist_id: z.string().optional(),
  media_id: z.string().optional(),
  media_ids: z.array(z.string()).optional(),
  webstream_id: z.string().optional(),
  label: z.string().max(200).optional(),
});
export type ClockSlotPayload = z.infer<typeof clockSlotPayloadSchema>;

export const clockSlotSchema = z.object({
  offset_ms: z.number().int().nonnegative().lt(3_600_000),
  type: clockSlotTypeSchema,
  payload: clockSlotPayloadSchema.default({}),
});
export type ClockSlotInput = z.input<typeof clockSlotSchema>;

/** ISO weekdays (1 = Monday … 7 = Sunday) and local hours (0–23) in the station's zone. */
export const clockHoursRuleSchema = z.object({
  days: z.array(z.number().int().min(1).max(7)).min(1),
  hours: z.array(z.number().int().min(0).max(23)).min(1),
});
export type ClockHoursRule = z.infer<typeof clockHoursRuleSchema>;

// ---- schedule ----
export const SCHEDULE_SOURCE_TYPES = [
  'media',
  'playlist',
  'smart_block',
  'clock',
  'webstream',
  'live',
] as const;
export const scheduleSourceSchema = z.object({
  type: z.enum(SCHEDULE_SOURCE_TYPES),
  id: z.string().optional(),
});
export type ScheduleSource = z.infer<typeof scheduleSourceSchema>;

/** RRULE body without DTSTART, e.g. `FREQ=WEEKLY;BYDAY=MO,WE`; DTSTART is `starts_at`. */
export const rruleSchema = z
  .string()
  .max(500)
  .regex(/^(RRULE:)?FREQ=[A-Z]+(;[A-Z]+=[^;\s]+)*$/, 'expected an RFC 5545 RRULE');

export const FALLBACK_SOURCE_TYPES = ['smart_block', 'playlist'] as const;
export const fallbackSourceSchema = z.object({
  type: z.enum(FALLBACK_SOURCE_TYPES),
  id: z.string().min(1),
});
export type FallbackSource = z.infer<typeof fallbackSourceSchema>;
