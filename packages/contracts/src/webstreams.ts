import { z } from 'zod';

// Webstreams: relays of remote HTTP(S) streams, played by the media engine as items whose
// length is the slot they fill. Each has an ordered URL list the engine fails over along.

const MAX_WEBSTREAM_URLS = 10;
const MAX_URL_LENGTH = 2048;

/**
 * A relay URL, normalised (WHATWG serialisation) so equal URLs compare equal. Only http and
 * https: the engine opens it with souphttpsrc, and other schemes (file:, data:) would let an
 * operator read the engine host's files or feed it arbitrary bytes.
 */
export const RelayUrl = z
  .string()
  .trim()
  .max(MAX_URL_LENGTH)
  .pipe(z.url({ protocol: /^https?$/, normalize: true, error: 'must be an http(s) URL' }));

const Urls = z.array(RelayUrl).min(1).max(MAX_WEBSTREAM_URLS);
const Name = z.string().trim().min(1).max(200);

export const Webstream = z.object({
  id: z.string(),
  station_id: z.string(),
  name: z.string(),
  /** In failover order. A password in a URL is shown as `***`; sending it back keeps it. */
  urls: z.array(z.string()),
  active: z.boolean(),
  /** Health, from the leader's periodic check: when, which URL answered, the last failure. */
  last_checked_at: z.string().nullable(),
  last_ok_url: z.string().nullable(),
  last_error: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Webstream = z.infer<typeof Webstream>;

export const CreateWebstreamRequest = z.object({
  station_id: z.uuid(),
  name: Name,
  urls: Urls,
  active: z.boolean().default(true),
});
export const UpdateWebstreamRequest = z.object({
  name: Name.optional(),
  urls: Urls.optional(),
  active: z.boolean().optional(),
});
