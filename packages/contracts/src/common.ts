import { z } from 'zod';

/** The one error shape every 4xx/5xx response uses. */
export const ErrorResponse = z.object({
  error: z.string(),
  message: z.string(),
  request_id: z.string(),
  details: z.unknown().optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

export const IdParams = z.object({ id: z.uuid() });
export const Timestamp = z.string().describe('RFC 3339 timestamp');

/** Names that end up in URLs or file names: no traversal, no surprises. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
export const Slug = z
  .string()
  .min(1)
  .max(64)
  .regex(SLUG_PATTERN, 'lowercase letters, digits, ".", "_" or "-", not starting with a symbol')
  .refine((s) => !s.includes('..'), 'must not contain ".."');

/**
 * 202 body of commands that need the leader (emergency release, skip, schedule refresh, …)
 * when the replica that received them could not reach the leader in time (none holds the
 * lease, or it went silent): the decision is stored and the leader applies it when it leads.
 */
export const LeaderAccepted = z.object({
  status: z.literal('accepted'),
  message: z.literal('accepted, the leader will apply it'),
});
export const LEADER_ACCEPTED = {
  status: 'accepted',
  message: 'accepted, the leader will apply it',
} as const satisfies z.output<typeof LeaderAccepted>;
