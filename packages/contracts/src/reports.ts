import { z } from 'zod';

const DAY_MS = 86_400_000;
/** The longest range one report covers (a quarter); longer reports are several downloads. */
export const REPORT_MAX_DAYS = 93;

const reportFields = {
  station_id: z.uuid(),
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  /** Width of one point of the series, in minutes (default: about 100 points). */
  step_minutes: z.coerce.number().int().min(1).max(10_080).optional(),
  format: z.enum(['json', 'csv']).default('json'),
};

const ranged = <T extends z.ZodType<{ from: string; to: string }>>(schema: T) =>
  schema
    .refine((q) => Date.parse(q.from) < Date.parse(q.to), {
      message: '"from" must be earlier than "to"',
      path: ['to'],
    })
    .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= REPORT_MAX_DAYS * DAY_MS, {
      message: `a report covers at most ${REPORT_MAX_DAYS} days`,
      path: ['to'],
    });

export const ReportQuery = ranged(z.object(reportFields));

export const BreakdownQuery = ranged(
  z.object({ ...reportFields, by: z.enum(['mount', 'client', 'country']) }),
);

export const RoyaltyQuery = ranged(
  z.object({
    ...reportFields,
    format: z.enum(['json', 'csv', 'soundexchange']).default('json'),
    /** SoundExchange's transmission category (A: eligible non-subscription webcast). */
    category: z
      .string()
      .regex(/^[A-Z0-9]{1,3}$/)
      .default('A'),
  }),
);

const Totals = z.object({
  sessions: z.number().int(),
  unique: z.number().int(),
  peak: z.number().int(),
  average: z.number(),
  listening_hours: z.number(),
});

export const ListenerReport = z.object({
  station_id: z.string(),
  from: z.string(),
  to: z.string(),
  step_minutes: z.number().int(),
  /** Sessions open now over every replica (as of their last write, ≤ 5 s old). */
  current: z.number().int(),
  totals: Totals,
  series: z.array(
    z.object({
      at: z.string(),
      average: z.number(),
      peak: z.number().int(),
      unique: z.number().int(),
    }),
  ),
});
export type ListenerReport = z.infer<typeof ListenerReport>;

export const BreakdownRow = z.object({
  key: z.string(),
  sessions: z.number().int(),
  unique: z.number().int(),
  listening_hours: z.number(),
});

export const BreakdownReport = z.object({
  by: z.enum(['mount', 'client', 'country']),
  rows: z.array(BreakdownRow),
});
export type BreakdownReport = z.infer<typeof BreakdownReport>;

export const TrackPlaysReport = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      media_id: z.string().nullable(),
      title: z.string(),
      artist: z.string().nullable(),
      started_at: z.string(),
      ended_at: z.string().nullable(),
      source: z.string(),
      listeners: z.number().int(),
      tuning_hours: z.number(),
    }),
  ),
});
export type TrackPlaysReport = z.infer<typeof TrackPlaysReport>;

export const RoyaltyReport = z.object({
  items: z.array(
    z.object({
      media_id: z.string(),
      isrc: z.string(),
      artist: z.string(),
      title: z.string(),
      album: z.string(),
      label: z.string(),
      plays: z.number().int(),
      performances: z.number().int(),
      aggregate_tuning_hours: z.number(),
    }),
  ),
});
export type RoyaltyReport = z.infer<typeof RoyaltyReport>;
