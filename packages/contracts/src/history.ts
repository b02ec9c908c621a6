import { z } from 'zod';
import { TIER_NAME_LIST } from './playout.js';

/** `GET /api/v1/stations/{id}/history`: plays as heard, newest first, keyset-paged by time. */
export const HistoryQuery = z
  .object({
    /** Plays that started strictly before this time (the next page: `next_before`). */
    before: z.iso.datetime({ offset: true }).optional(),
    /** Plays that started strictly after this time (what is new since a known play). */
    after: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(20),
  })
  .refine((q) => !(q.before && q.after && Date.parse(q.after) >= Date.parse(q.before)), {
    message: '"after" must be earlier than "before"',
  });

export const HistoryItem = z.object({
  id: z.string(),
  media_id: z.string().nullable(),
  title: z.string(),
  artist: z.string().nullable(),
  album: z.string().nullable(),
  started_at: z.string(),
  /** Null while it is still on air (or when the engine was lost while it played). */
  ended_at: z.string().nullable(),
  tier: z.number().int().min(0).max(4),
  tier_name: z.enum(TIER_NAME_LIST),
  source: z.string(),
  /** Distinct listeners who heard part of the play (docs/reports.md). */
  listeners: z.number().int(),
});
export type HistoryItem = z.infer<typeof HistoryItem>;

export const HistoryPage = z.object({
  items: z.array(HistoryItem),
  /** Pass as `before` for the next (older) page; null when there is none. */
  next_before: z.string().nullable(),
});
