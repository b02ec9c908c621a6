import { z } from 'zod';
import { TIER_NAME_LIST } from './playout.js';

/** Live DJ ingest: one-time source passwords and the sessions they (or DJ logins) open. */

export const CreateLiveTokenRequest = z.object({
  station_id: z.uuid(),
  mount_id: z.uuid(),
  /** How long the password can be used to connect (it works once). Default 60 minutes. */
  expires_in_minutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  /** Shown as the DJ's name on air until the DJ software sends a title. */
  label: z.string().trim().min(1).max(200).optional(),
});

/**
 * Where DJ software (BUTT, Mixxx, ffmpeg) connects: the host the caller reached this API at and
 * the port that takes source connections directly (GRIMNIR_LIVE_PORT when set, else the port
 * the server listens on; never through an HTTP proxy). Source connections are plain TCP.
 */
export const LiveIngest = z.object({
  host: z.string(),
  port: z.number().int().min(1).max(65535),
});

export const CreatedLiveToken = z.object({
  id: z.string(),
  station_id: z.string(),
  mount_id: z.string(),
  mount: z.string(),
  /** Any Basic-auth user name works with a token; DJ software usually sends "source". */
  username: z.literal('source'),
  /** Shown once; only its SHA-256 is stored. */
  password: z.string(),
  /** Path (the Icecast "mount") the DJ software connects to. */
  path: z.string(),
  host: z.string(),
  port: z.number().int().min(1).max(65535),
  label: z.string().nullable(),
  expires_at: z.string(),
  created_at: z.string(),
});

export const LIVE_END_REASONS = [
  'disconnected',
  'kicked',
  'engine_error',
  'stale',
  'shutdown',
] as const;

export const LiveSession = z.object({
  id: z.string(),
  station_id: z.string(),
  mount_id: z.string().nullable(),
  mount: z.string(),
  user_id: z.string().nullable(),
  token_id: z.string().nullable(),
  dj_name: z.string(),
  title: z.string().nullable(),
  tier: z.number().int().min(1).max(2),
  tier_name: z.enum(TIER_NAME_LIST),
  content_type: z.string(),
  started_at: z.string(),
  ended_at: z.string().nullable(),
  end_reason: z.enum(LIVE_END_REASONS).nullable(),
  bytes_received: z.number().int().min(0),
  active: z.boolean(),
});
export type LiveSession = z.infer<typeof LiveSession>;

export const LiveSessionsQuery = z.object({
  station_id: z.uuid().optional(),
  /** `true`: only sessions on air now. */
  active: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** Icecast's `GET /admin/metadata?mode=updinfo&mount=…&song=…` (libshout sends `/live/x`). */
export const LiveMetadataQuery = z.object({
  mode: z.literal('updinfo'),
  mount: z.string().min(1).max(200),
  song: z.string().max(1000).default(''),
  charset: z.string().max(40).optional(),
});
