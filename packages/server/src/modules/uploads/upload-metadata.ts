import { MediaUploadFieldsSchema, type MediaUploadFields } from '@grimnir/contracts';
import { Metadata } from '@tus/server';
import { AppError, badRequest, validationError } from '../../errors.js';

/**
 * The tus `Upload-Metadata` header of a new upload: comma-separated `key base64(value)` pairs.
 * It carries what a multipart upload sends as form fields — `station_id`, the optional tag
 * fields — plus the file's `filename` (and `filetype`, which we ignore: the bytes decide).
 * Keys the server writes itself (owner, outcome) are refused, so a client cannot forge them.
 */

// A header is not a body: 16 KiB is far above any real set of tags and far below what a proxy
// or Node's header limit (16 KiB in total by default) would choke on.
const MAX_METADATA_CHARS = 16 * 1024;
const MAX_FILENAME_CHARS = 255;
const IGNORED = new Set(['filetype']);
const RESERVED = ['owner', 'media_id', 'failure'] as const;

interface UploadRequest {
  readonly filename: string;
  readonly fields: MediaUploadFields;
}

const invalid = (message: string) =>
  new AppError(400, 'invalid_upload_metadata', message, {
    expected: 'Upload-Metadata: station_id <base64>,filename <base64>[,title <base64>,…]',
  });

export function parseUploadMetadata(header: string | undefined): UploadRequest {
  if (header === undefined || header.trim() === '')
    throw invalid('Upload-Metadata with station_id and filename is required');
  if (header.length > MAX_METADATA_CHARS)
    throw invalid(`Upload-Metadata is longer than ${MAX_METADATA_CHARS} characters`);
  let raw: Record<string, string | null>;
  try {
    raw = Metadata.parse(header);
  } catch {
    throw invalid('Upload-Metadata is not a list of "key base64value" pairs');
  }
  const fields: Record<string, string> = {};
  let filename: string | undefined;
  for (const [key, value] of Object.entries(raw)) {
    const text = value ?? '';
    // PostgreSQL cannot store U+0000, and no filename or tag needs it.
    if (text.includes('\u0000')) throw invalid(`Upload-Metadata "${key}" contains a NUL character`);
    if ((RESERVED as readonly string[]).includes(key))
      throw invalid(`Upload-Metadata "${key}" is set by the server`);
    if (key === 'filename') filename = text;
    else if (!IGNORED.has(key)) fields[key] = text;
  }
  if (filename === undefined || filename.trim() === '')
    throw invalid('Upload-Metadata "filename" is required');
  if (filename.length > MAX_FILENAME_CHARS)
    throw invalid(`Upload-Metadata "filename" is longer than ${MAX_FILENAME_CHARS} characters`);
  const parsed = MediaUploadFieldsSchema.safeParse(fields);
  if (!parsed.success) throw validationError('invalid upload metadata', parsed.error.issues);
  return { filename, fields: parsed.data };
}

/** The metadata as stored with the upload: the client's fields plus the server's own keys. */
export function storedMetadata(
  header: string,
  owner: string,
  stationId: string,
): Record<string, string> {
  const raw = Metadata.parse(header);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) out[k] = v ?? '';
  out.station_id = stationId;
  out.owner = owner;
  return out;
}

/** The stored metadata back into ingest input (validated again: it is a file on disk). */
export function ingestInput(meta: Record<string, string | null>): UploadRequest {
  const client = Object.entries(meta)
    .filter(([k]) => !(RESERVED as readonly string[]).includes(k))
    .map(([k, v]) => `${k} ${Buffer.from(v ?? '', 'utf8').toString('base64')}`)
    .join(',');
  return parseUploadMetadata(client);
}

export function requireLength(header: string | undefined, maxBytes: number): number {
  if (header === undefined)
    throw badRequest('Upload-Length is required (deferred lengths are not accepted)');
  if (!/^\d{1,15}$/.test(header)) throw badRequest('Upload-Length must be a whole number');
  const n = Number(header);
  if (n > maxBytes)
    throw new AppError(
      413,
      'payload_too_large',
      `the file exceeds the upload limit of ${Math.floor(maxBytes / 1_048_576)} MiB`,
    );
  return n;
}
