import { z } from 'zod';
import {
  clockHoursRuleSchema,
  clockSlotSchema,
  fallbackSourceSchema,
  playlistItemInputSchema,
  playlistModeSchema,
  RELAXATION_ORDER,
  rruleSchema,
  scheduleSourceSchema,
  smartBlockRulesSchema,
} from './programming.js';

// Request and response bodies of the programming API (see API.md, "Programming").

const Instant = z.iso.datetime({ offset: true }).describe('RFC 3339 timestamp with offset');
const StationId = z.uuid();
const Name = z.string().trim().min(1).max(200);

export const SmartBlock = z.object({
  id: z.string(),
  station_id: z.string(),
  name: z.string(),
  description: z.string(),
  rules: smartBlockRulesSchema,
  created_at: z.string(),
  updated_at: z.string(),
});
export const CreateSmartBlockRequest = z.object({
  station_id: StationId,
  name: Name,
  description: z.string().max(5000).default(''),
  rules: smartBlockRulesSchema.default(smartBlockRulesSchema.parse({})),
});
export const UpdateSmartBlockRequest = z.object({
  name: Name.optional(),
  description: z.string().max(5000).optional(),
  rules: smartBlockRulesSchema.optional(),
});
export const SmartBlockPreviewRequest = z.object({
  duration_ms: z.number().int().min(1_000).max(86_400_000),
  seed: z.union([z.string().max(200), z.number()]).optional(),
  starts_at: Instant.optional(),
});
export const SmartBlockPreviewResponse = z.object({
  seed: z.string(),
  target_ms: z.number(),
  total_ms: z.number(),
  shortfall_ms: z.number(),
  items: z.array(
    z.object({
      media_id: z.string(),
      title: z.string(),
      artist: z.string(),
      starts_at: z.string(),
      duration_ms: z.number(),
      kind: z.enum(['music', 'filler']),
      reason: z.string(),
      matched: z.array(z.string()),
      relaxed: z.array(z.enum(RELAXATION_ORDER)),
    }),
  ),
  relaxations: z.array(
    z.object({ constraint: z.enum(RELAXATION_ORDER), item_index: z.number(), detail: z.string() }),
  ),
});

export const PlaylistItem = playlistItemInputSchema.extend({
  id: z.string(),
  position: z.number().int(),
  cue_in_ms: z.number().nullable(),
  cue_out_ms: z.number().nullable(),
  fade_in_ms: z.number().nullable(),
  fade_out_ms: z.number().nullable(),
});
export const Playlist = z.object({
  id: z.string(),
  station_id: z.string(),
  name: z.string(),
  description: z.string(),
  mode: playlistModeSchema,
  items: z.array(PlaylistItem),
  created_at: z.string(),
  updated_at: z.string(),
});
export const CreatePlaylistRequest = z.object({
  station_id: StationId,
  name: Name,
  description: z.string().max(5000).default(''),
  mode: playlistModeSchema.default('ordered'),
  items: z.array(playlistItemInputSchema).max(5000).default([]),
});
export const UpdatePlaylistRequest = z.object({
  name: Name.optional(),
  description: z.string().max(5000).optional(),
  mode: playlistModeSchema.optional(),
});
export const ReplacePlaylistItemsRequest = z.object({
  items: z.array(playlistItemInputSchema).max(5000),
});
export const AddPlaylistItemRequest = playlistItemInputSchema.extend({
  position: z.number().int().nonnegative().optional(),
});

export const Clock = z.object({
  id: z.string(),
  station_id: z.string(),
  name: z.string(),
  priority: z.number().int(),
  hours: z.array(clockHoursRuleSchema),
  slots: z.array(clockSlotSchema),
  created_at: z.string(),
  updated_at: z.string(),
});
export const CreateClockRequest = z.object({
  station_id: StationId,
  name: Name,
  priority: z.number().int().min(-1000).max(1000).default(0),
  hours: z.array(clockHoursRuleSchema).max(200).default([]),
  slots: z.array(clockSlotSchema).min(1).max(120),
});
export const UpdateClockRequest = z.object({
  name: Name.optional(),
  priority: z.number().int().min(-1000).max(1000).optional(),
  hours: z.array(clockHoursRuleSchema).max(200).optional(),
  slots: z.array(clockSlotSchema).min(1).max(120).optional(),
});
export const ClockSimulateRequest = z.object({
  starts_at: Instant.optional(),
  seed: z.string().max(200).optional(),
});

export const ScheduleEntry = z.object({
  id: z.string(),
  station_id: z.string(),
  starts_at: z.string(),
  ends_at: z.string(),
  rrule: z.string().nullable(),
  exdates: z.array(z.string()),
  source: scheduleSourceSchema,
  priority: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
const entryFields = {
  starts_at: Instant,
  ends_at: Instant,
  rrule: rruleSchema.nullable().optional(),
  exdates: z.array(Instant).max(1000).optional(),
  source: scheduleSourceSchema,
  priority: z.number().int().min(-1000).max(1000).optional(),
};
export const CreateScheduleEntryRequest = z.object({ station_id: StationId, ...entryFields });
export const UpdateScheduleEntryRequest = z.object(entryFields).partial();
export const ScheduleQuery = z.object({
  station_id: StationId,
  start: Instant.optional(),
  end: Instant.optional(),
});
/**
 * Schedule reads are paged by (starts_at, id). A response holds at most `limit` rows; when more
 * follow, the `x-next-cursor` response header carries the `cursor` for the next page.
 */
export const SCHEDULE_PAGE_LIMITS = Object.freeze({
  items: { default: 500, max: 2000 },
  lists: { default: 200, max: 1000 },
});
const pageFields = (limits: { default: number; max: number }) => ({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(limits.max)
    .default(limits.default)
    .describe(`rows per page (default ${limits.default}, at most ${limits.max})`),
  cursor: z.string().max(300).optional().describe('the x-next-cursor header of the previous page'),
});
export const ScheduleItemsQuery = ScheduleQuery.extend(pageFields(SCHEDULE_PAGE_LIMITS.items));
export const ScheduleItem = z.object({
  id: z.string(),
  station_id: z.string(),
  starts_at: z.string(),
  ends_at: z.string(),
  kind: z.enum(['media', 'webstream', 'live']),
  media_id: z.string().nullable(),
  title: z.string().nullable(),
  artist: z.string().nullable(),
  webstream_id: z.string().nullable(),
  label: z.string().nullable(),
  cue_in_ms: z.number().nullable(),
  cue_out_ms: z.number().nullable(),
  fade_in_ms: z.number().nullable(),
  fade_out_ms: z.number().nullable(),
  source_type: z.string(),
  source_id: z.string().nullable(),
  entry_id: z.string().nullable(),
  clock_id: z.string().nullable(),
  hard_start: z.boolean(),
  reason: z.string().nullable(),
});
const Span = z.object({ starts_at: z.string(), ends_at: z.string() });
export const ScheduleConflict = Span.extend({ ids: z.array(z.string()) });
export const ScheduleValidateResponse = z.object({
  station_id: z.string(),
  start: z.string(),
  end: z.string(),
  ok: z.boolean(),
  gaps: z.array(Span),
  overlaps: z.array(ScheduleConflict),
  entry_conflicts: z.array(ScheduleConflict),
});
export const ScheduleRefreshRequest = z.object({ station_id: StationId });
export const ScheduleRefreshResponse = z.object({
  station_id: z.string(),
  inserted: z.number(),
  removed: z.number(),
  items: z.number(),
  horizon: z.string(),
});
export const StationFallback = z.object({
  station_id: z.string(),
  source: fallbackSourceSchema.nullable(),
});
export const PutStationFallbackRequest = StationFallback.extend({ station_id: StationId });

export const ShowException = z.object({
  original_starts_at: Instant,
  cancelled: z.boolean().default(false),
  starts_at: Instant.nullable().optional(),
  duration_ms: z.number().int().positive().nullable().optional(),
});
export const Show = z.object({
  id: z.string(),
  station_id: z.string(),
  name: z.string(),
  host: z.string().nullable(),
  description: z.string(),
  starts_at: z.string(),
  duration_ms: z.number(),
  rrule: z.string().nullable(),
  exdates: z.array(z.string()),
  source: scheduleSourceSchema.nullable(),
  priority: z.number().int(),
  exceptions: z.array(
    z.object({
      original_starts_at: z.string(),
      cancelled: z.boolean(),
      starts_at: z.string().nullable(),
      duration_ms: z.number().nullable(),
    }),
  ),
  created_at: z.string(),
  updated_at: z.string(),
});
const showFields = {
  name: Name,
  host: z.string().max(200).nullable().optional(),
  description: z.string().max(5000).optional(),
  starts_at: Instant,
  duration_ms: z
    .number()
    .int()
    .min(60_000)
    .max(7 * 86_400_000),
  rrule: rruleSchema.nullable().optional(),
  exdates: z.array(Instant).max(1000).optional(),
  source: scheduleSourceSchema.nullable().optional(),
  priority: z.number().int().min(-1000).max(1000).optional(),
  exceptions: z.array(ShowException).max(1000).optional(),
};
export const CreateShowRequest = z.object({ station_id: StationId, ...showFields });
export const UpdateShowRequest = z.object(showFields).partial();
export const StationQuery = z.object({ station_id: StationId });
export const StationPageQuery = StationQuery.extend(pageFields(SCHEDULE_PAGE_LIMITS.lists));
