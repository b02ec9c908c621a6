import type { IAudioMetadata, IPicture, ITag } from 'music-metadata';

/**
 * Normalises what `music-metadata` read from a file into the library's tag fields. Pure: the
 * parse itself happens in media-metadata.ts, so this is table-tested with plain objects.
 * Tag values come from arbitrary files, so every string is trimmed, stripped of NULs and
 * bounded, and numbers outside sane ranges are dropped rather than stored.
 */

export interface MediaTags {
  title: string;
  artist: string | null;
  album: string | null;
  genre: string | null;
  year: number | null;
  track_number: number | null;
  isrc: string | null;
  bpm: number | null;
  mood: string | null;
  language: string | null;
  label: string | null;
  explicit: boolean;
}

export interface ExtractedMetadata {
  readonly tags: MediaTags;
  readonly durationMs: number | null;
  readonly picture: { readonly data: Uint8Array; readonly ext: string } | undefined;
}

const MAX_TAG_LENGTH = 500;

function cleanText(v: unknown, max = MAX_TAG_LENGTH): string | null {
  if (typeof v !== 'string') return null;
  const s = v.split('\u0000').join(' ').trim();
  return s === '' ? null : s.slice(0, max);
}

function intIn(v: unknown, min: number, max: number): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : null;
}

export function normaliseIsrc(v: unknown): string | null {
  const s = cleanText(v)?.replace(/[-\s]/g, '').toUpperCase();
  return s !== undefined && /^[A-Z]{2}[A-Z0-9]{3}\d{7}$/.test(s) ? s : null;
}

export function normaliseBpm(v: unknown): number | null {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 && n < 1000
    ? Math.round(n * 100) / 100
    : null;
}

// iTunes advisory: 1 (and legacy 4) mean explicit, 2 means "clean". Vorbis/ID3 users write the
// same value into ITUNESADVISORY or an EXPLICIT text frame.
const ADVISORY_IDS = new Set([
  'rtng',
  'ITUNESADVISORY',
  'TXXX:ITUNESADVISORY',
  'EXPLICIT',
  'TXXX:EXPLICIT',
]);

export function isExplicit(native: Record<string, ITag[]>): boolean {
  return Object.values(native).some((tags) =>
    tags.some((t) => {
      if (!ADVISORY_IDS.has(t.id)) return false;
      const v = typeof t.value === 'string' ? t.value.trim().toLowerCase() : t.value;
      return v === 1 || v === 4 || v === '1' || v === '4' || v === 'true' || v === 'yes';
    }),
  );
}

const PICTURE_EXT: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/jpg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/** Prefers the front cover; formats we could not serve with a sane Content-Type are skipped. */
export function pickPicture(pictures: IPicture[] | undefined): ExtractedMetadata['picture'] {
  if (!pictures || pictures.length === 0) return undefined;
  const front = pictures.find((p) => p.type?.toLowerCase().includes('front')) ?? pictures[0];
  const ext = front ? PICTURE_EXT[front.format.toLowerCase()] : undefined;
  return front && ext && front.data.length > 0 ? { data: front.data, ext } : undefined;
}

export function extractMetadata(meta: IAudioMetadata, fallbackTitle: string): ExtractedMetadata {
  const c = meta.common;
  const seconds = meta.format.duration;
  return {
    tags: {
      title: cleanText(c.title) ?? fallbackTitle.slice(0, MAX_TAG_LENGTH),
      artist: cleanText(c.artist),
      album: cleanText(c.album),
      genre: cleanText(c.genre?.[0]),
      year: intIn(c.year, 1, 9999),
      track_number: intIn(c.track.no, 1, 100_000),
      isrc: normaliseIsrc(c.isrc?.[0]),
      bpm: normaliseBpm(c.bpm),
      mood: cleanText(c.mood),
      language: cleanText(c.language, 64),
      label: cleanText(c.label?.[0]),
      explicit: isExplicit(meta.native),
    },
    durationMs:
      seconds !== undefined && Number.isFinite(seconds) && seconds > 0
        ? Math.round(seconds * 1000)
        : null,
    picture: pickPicture(c.picture),
  };
}
