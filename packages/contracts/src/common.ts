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
