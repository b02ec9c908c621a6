import { z } from 'zod';
import { Slug } from './common.js';
import { RELAY_STATES } from './mediaengine.js';

// The API's spellings; the engine's proto enums are the same lists in upper case
// (AUDIO_FORMATS, FADE_CURVES in mediaengine.ts).
export const MOUNT_FORMATS = ['mp3', 'aac', 'opus', 'vorbis'] as const;
export type MountFormat = (typeof MOUNT_FORMATS)[number];
export const CROSSFADE_CURVES = ['linear', 'equal_power', 'logarithmic', 's_curve'] as const;
export type CrossfadeCurve = (typeof CROSSFADE_CURVES)[number];

function isIanaZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.includes('/') || tz === 'UTC';
  } catch {
    return false;
  }
}
export const TimeZone = z.string().max(64).refine(isIanaZone, 'not an IANA time zone');

export const Station = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  description: z.string(),
  timezone: z.string(),
  active: z.boolean(),
  public: z.boolean(),
  loudness_target_lufs: z.number(),
  crossfade_ms: z.number().int(),
  crossfade_curve: z.enum(CROSSFADE_CURVES),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Station = z.infer<typeof Station>;

export const CreateStationRequest = z.object({
  name: z.string().trim().min(1).max(200),
  slug: Slug.optional(),
  description: z.string().max(5000).default(''),
  timezone: TimeZone.default('UTC'),
  active: z.boolean().default(true),
  public: z.boolean().default(true),
  loudness_target_lufs: z.number().min(-40).max(-5).default(-16),
  crossfade_ms: z.number().int().min(0).max(30_000).default(3000),
  crossfade_curve: z.enum(CROSSFADE_CURVES).default('equal_power'),
});
export const UpdateStationRequest = CreateStationRequest.partial()
  .omit({ slug: true })
  .extend({ description: z.string().max(5000).optional() });

const Port = z.number().int().min(1).max(65535);
const IcecastHost = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:[\]-]+$/, 'host name or address');
const IcecastMount = z
  .string()
  .max(128)
  .regex(/^\/[A-Za-z0-9._/-]*$/, 'must start with "/"')
  .refine((s) => !s.includes('..'), 'must not contain ".."');
const IcecastUser = z.string().min(1).max(64);
const IcecastPassword = z.string().min(1).max(256);
export const IcecastTargetInput = z.object({
  host: IcecastHost,
  port: Port.default(8000),
  mount: IcecastMount,
  user: IcecastUser.default('source'),
  password: IcecastPassword,
});
/** PATCH: every field optional and without defaults, so omitted fields keep stored values. */
export const IcecastTargetPatch = z.object({
  host: IcecastHost.optional(),
  port: Port.optional(),
  mount: IcecastMount.optional(),
  user: IcecastUser.optional(),
  password: IcecastPassword.optional(),
});
/** The Icecast password is write-only: responses say whether one is set, never what it is. */
export const IcecastTarget = z.object({
  host: z.string(),
  port: z.number().int(),
  mount: z.string(),
  user: z.string(),
  password_set: z.boolean(),
});

export const Mount = z.object({
  id: z.string(),
  station_id: z.string(),
  name: z.string(),
  format: z.enum(MOUNT_FORMATS),
  bitrate_kbps: z.number().int(),
  sample_rate: z.number().int(),
  channels: z.number().int(),
  icecast: IcecastTarget.nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Mount = z.infer<typeof Mount>;

export const CreateMountRequest = z.object({
  name: Slug,
  format: z.enum(MOUNT_FORMATS).default('mp3'),
  bitrate_kbps: z.number().int().min(8).max(512).default(128),
  sample_rate: z
    .union([z.literal(22050), z.literal(32000), z.literal(44100), z.literal(48000)])
    .default(44100),
  channels: z.union([z.literal(1), z.literal(2)]).default(2),
  icecast: IcecastTargetInput.nullable().optional(),
});
export const UpdateMountRequest = z.object({
  name: Slug.optional(),
  format: z.enum(MOUNT_FORMATS).optional(),
  bitrate_kbps: z.number().int().min(8).max(512).optional(),
  sample_rate: z
    .union([z.literal(22050), z.literal(32000), z.literal(44100), z.literal(48000)])
    .optional(),
  channels: z.union([z.literal(1), z.literal(2)]).optional(),
  icecast: IcecastTargetPatch.nullable().optional(),
});

/**
 * A mount's state now: how many listeners this replica serves it to, and what the engine says
 * of its output — `encoding` for a plain mount, the Icecast source client's connection state for
 * a mount with a target, `absent` when the engine is not running the station or the mount,
 * null when the engine did not answer (unknown, not guessed).
 */
export const MOUNT_OUTPUT_STATES = [...RELAY_STATES, 'encoding', 'absent'] as const;
export const MountLiveState = z.object({
  mount_id: z.string(),
  mount: z.string(),
  listeners: z.number().int().min(0),
  output: z.enum(MOUNT_OUTPUT_STATES).nullable(),
  bytes_sent: z.number().int().min(0).nullable(),
});
export const StationOutputs = z.object({
  /** False when the media engine did not answer in time: output states are then unknown. */
  engine_reachable: z.boolean(),
  mounts: z.array(MountLiveState),
});
