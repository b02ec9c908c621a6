import { z } from 'zod';

/** The audit log as read back: who did what, where and when (newest first). */

export const AuditEntry = z.object({
  id: z.string(),
  created_at: z.string(),
  /** Dotted verb, e.g. `live.token_create`, `api_key.create`, `member.put`. */
  action: z.string(),
  target_type: z.string(),
  target_id: z.string().nullable(),
  /** Null for actions outside any station (users, API keys, logins): admins only see those. */
  station_id: z.string().nullable(),
  /** Null when the actor was the system (the director) or the user has since been deleted. */
  user_id: z.string().nullable(),
  username: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  request_id: z.string().nullable(),
  ip: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.object({
  station_id: z.uuid().optional(),
  /** A user id, or a username (case-insensitive). */
  actor: z.string().trim().min(1).max(64).optional(),
  /** An exact action, or a prefix ending in `.*` (`live.*`). */
  action: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[a-z0-9_.]+(\.\*)?$/, 'an action such as "live.kick", or a prefix such as "live.*"')
    .optional(),
  /** `next_before` of the previous page, or an RFC 3339 time: entries strictly older. */
  before: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const AuditPage = z.object({
  items: z.array(AuditEntry),
  /** Pass as `before` for the next (older) page; null on the last page. */
  next_before: z.string().nullable(),
});

export const AuditActionsQuery = z.object({ station_id: z.uuid().optional() });
/** The distinct actions the caller can see, for filter menus. */
export const AuditActions = z.array(z.string());
