import { z } from 'zod';

/** Media library wire schemas (snake_case), shared by the server's routes and the dashboard. */

/**
 * Loudness/cue analysis lifecycle. Uploads start `pending`; the media engine moves them through
 * `analyzing` to `done` (or `failed`, with `analysis_error`).
 */
export const MEDIA_ANALYSIS_STATES = ['pending', 'running', 'complete', 'failed'] as const;
export type MediaAnalysisState = (typeof MEDIA_ANALYSIS_STATES)[number];

// PostgreSQL text cannot hold NUL; refusing it here keeps such input a 400 instead of a 500.
const noNul = (s: string) => !s.includes('\u0000');
const NUL_MESSAGE = 'must not contain NUL characters';
const text = (max: number) => z.string().trim().min(1).max(max).refine(noNul, NUL_MESSAGE);
const nullableText = (max: number) => text(max).nullable();

export const MediaSchema = z.object({
  id: z.uuid(),
  station_id: z.uuid(),
  title: z.string(),
  artist: z.string().nullable(),
  album: z.string().nullable(),
  genre: z.string().nullable(),
  year: z.number().int().nullable(),
  track_number: z.number().int().nullable(),
  isrc: z.string().nullable(),
  bpm: z.number().nullable(),
  mood: z.string().nullable(),
  language: z.string().nullable(),
  label: z.string().nullable(),
  explicit: z.boolean(),
  tags: z.array(z.string()),
  duration_ms: z.number().int().nullable(),
  original_filename: z.string(),
  mime_type: z.string(),
  size_bytes: z.number().int(),
  content_hash: z.string(),
  has_artwork: z.boolean(),
  active: z.boolean(),
  analysis_state: z.enum(MEDIA_ANALYSIS_STATES),
  analysis_error: z.string().nullable(),
  /**
   * `failed`: the engine could not decode the file several times in a row during playout; it is
   * out of rotation (smart blocks, playlists, clocks, fallback) until it is analysed again.
   */
  playout_state: z.enum(['ok', 'failed']),
  playout_failures: z.number().int(),
  playout_error: z.string().nullable(),
  loudness_lufs: z.number().nullable(),
  loudness_range_lu: z.number().nullable(),
  true_peak_dbtp: z.number().nullable(),
  replaygain_db: z.number().nullable(),
  cue_in_ms: z.number().int().nullable(),
  cue_out_ms: z.number().int().nullable(),
  intro_ms: z.number().int().nullable(),
  outro_ms: z.number().int().nullable(),
  fade_in_ms: z.number().int().nullable(),
  fade_out_ms: z.number().int().nullable(),
  analyzed_at: z.string().nullable(),
  play_count: z.number().int(),
  last_played_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  /** Relative URL of the original file (HTTP range requests supported). */
  audio_url: z.string(),
});
export type Media = z.infer<typeof MediaSchema>;

export const MediaIdParamsSchema = z.object({ id: z.uuid() });

/** Sort orders of the library list; each is served by its own index. */
export const MEDIA_SORTS = [
  'added',
  'title',
  'artist',
  'album',
  'genre',
  'duration',
  'last_played',
] as const;
export type MediaSort = (typeof MEDIA_SORTS)[number];

const Instant = z.iso.datetime({ offset: true }).describe('RFC 3339 timestamp with offset');
const searchText = z.string().trim().max(200).refine(noNul, NUL_MESSAGE);

export const MediaListQuerySchema = z.object({
  station_id: z.uuid(),
  /**
   * Words separated by spaces; every word must occur (case-insensitive substring) in the
   * title, artist, album or genre.
   */
  q: searchText.optional(),
  /** Case-insensitive exact matches. */
  artist: text(500).optional(),
  album: text(500).optional(),
  genre: text(500).optional(),
  tag: text(64).optional(),
  analysis_state: z.enum(MEDIA_ANALYSIS_STATES).optional(),
  added_from: Instant.optional(),
  added_to: Instant.optional().describe('exclusive'),
  played_from: Instant.optional(),
  played_to: Instant.optional().describe('exclusive'),
  sort: z.enum(MEDIA_SORTS).default('added'),
  /** Default: newest first for `added` and `last_played`, A to Z (shortest first) otherwise. */
  order: z.enum(['asc', 'desc']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Opaque: the `next_cursor` of the previous page, valid only with the same sort and order. */
  cursor: z.string().max(1000).optional(),
});
export type MediaListQuery = z.infer<typeof MediaListQuerySchema>;

export const MediaListResponseSchema = z.object({
  items: z.array(MediaSchema),
  next_cursor: z.string().nullable(),
});
export type MediaListResponse = z.infer<typeof MediaListResponseSchema>;

const tagList = z.array(text(64)).max(50);
const isrc = z
  .string()
  .regex(/^[A-Z]{2}-?[A-Z0-9]{3}-?\d{2}-?\d{5}$/i, 'ISRC like US-S1Z-99-00001');

const cuePoint = z.number().int().min(0).max(86_400_000).nullable();

/**
 * Cue points in ms from the start of the file; fades are lengths. `cue_in_ms`/`cue_out_ms`
 * bound what plays, `intro_ms` is where the intro ends and `outro_ms` where the outro starts.
 * The server checks them against the duration and each other (cue_in < cue_out, intro and
 * outro inside the cues, fades no longer than what plays).
 */
const cueFields = {
  cue_in_ms: cuePoint,
  cue_out_ms: cuePoint,
  intro_ms: cuePoint,
  outro_ms: cuePoint,
  fade_in_ms: cuePoint,
  fade_out_ms: cuePoint,
};
export const MEDIA_CUE_FIELDS = [
  'cue_in_ms',
  'cue_out_ms',
  'intro_ms',
  'outro_ms',
  'fade_in_ms',
  'fade_out_ms',
] as const;

const tagFields = {
  artist: nullableText(500),
  album: nullableText(500),
  genre: nullableText(500),
  year: z.number().int().min(1).max(9999).nullable(),
  mood: nullableText(500),
  language: nullableText(64),
  label: nullableText(500),
  explicit: z.boolean(),
  active: z.boolean(),
};

/** Editable fields. `null` clears an optional tag; omitted fields stay as they are. */
export const MediaPatchSchema = z
  .object({
    ...tagFields,
    title: text(500),
    track_number: z.number().int().min(1).max(100_000).nullable(),
    isrc: isrc.nullable(),
    bpm: z.number().gt(0).lt(1000).nullable(),
    tags: tagList,
    ...cueFields,
  })
  .partial()
  .strict();
export type MediaPatch = z.infer<typeof MediaPatchSchema>;

const boolField = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const intField = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * The text fields of a multipart upload. Optional tags override what the file's own tags say;
 * `tags` is a comma-separated list.
 */
export const MediaUploadFieldsSchema = z
  .object({
    station_id: z.uuid(),
    title: text(500),
    artist: text(500),
    album: text(500),
    genre: text(500),
    year: intField(1, 9999),
    track_number: intField(1, 100_000),
    isrc,
    bpm: z.coerce.number().gt(0).lt(1000),
    mood: text(500),
    language: text(64),
    label: text(500),
    explicit: boolField,
    tags: z
      .string()
      .max(4000)
      .transform((v) =>
        v
          .split(',')
          .map((t) => t.trim())
          .filter((t) => t !== ''),
      )
      .pipe(tagList),
  })
  .partial()
  .required({ station_id: true })
  .strict();
export type MediaUploadFields = z.infer<typeof MediaUploadFieldsSchema>;

/**
 * One change applied to many items of one station (at most 500): fields to set on all of
 * them, and tags to add or remove (the rest of each item's tags stay).
 */
export const MediaBulkPatchSchema = z
  .object({
    station_id: z.uuid(),
    ids: z.array(z.uuid()).min(1).max(500),
    set: z.object(tagFields).partial().strict().optional(),
    add_tags: tagList.optional(),
    remove_tags: tagList.optional(),
  })
  .strict()
  .refine(
    (b) =>
      Object.keys(b.set ?? {}).length > 0 ||
      (b.add_tags?.length ?? 0) > 0 ||
      (b.remove_tags?.length ?? 0) > 0,
    'nothing to change: give set, add_tags or remove_tags',
  );
export type MediaBulkPatch = z.infer<typeof MediaBulkPatchSchema>;

export const MediaBulkPatchResponseSchema = z.object({ items: z.array(MediaSchema) });

/** Items that look like the same recording: same title, artist and duration (to the second). */
export const MediaDuplicatesQuerySchema = z.object({
  station_id: z.uuid(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2000).optional(),
});
export type MediaDuplicatesQuery = z.infer<typeof MediaDuplicatesQuerySchema>;

export const MediaDuplicatesResponseSchema = z.object({
  groups: z.array(
    z.object({
      title: z.string(),
      artist: z.string().nullable(),
      duration_s: z.number().int().nullable(),
      items: z.array(MediaSchema),
    }),
  ),
  next_cursor: z.string().nullable(),
});
export type MediaDuplicatesResponse = z.infer<typeof MediaDuplicatesResponseSchema>;

/** Distinct values of one field with their counts, for the library's filter pickers. */
export const MediaFacetQuerySchema = z.object({
  station_id: z.uuid(),
  field: z.enum(['artist', 'album', 'genre', 'tag']),
  /** Case-insensitive prefix. */
  prefix: searchText.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type MediaFacetQuery = z.infer<typeof MediaFacetQuerySchema>;

export const MediaFacetResponseSchema = z.object({
  values: z.array(z.object({ value: z.string(), count: z.number().int() })),
});
export type MediaFacetResponse = z.infer<typeof MediaFacetResponseSchema>;

/** Waveform peaks written by the media engine's analysis (min/max pairs per bucket, -1..1). */
export const MediaWaveformSchema = z.object({
  media_id: z.uuid(),
  duration_ms: z.number().int(),
  buckets_per_second: z.number().positive(),
  peaks: z.array(z.tuple([z.number(), z.number()])),
});
export type MediaWaveform = z.infer<typeof MediaWaveformSchema>;
