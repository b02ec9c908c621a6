// .m3u (extended M3U) and .pls reading and writing, and matching their entries to library
// tracks. Pure: the repository supplies the candidate tracks, the service stores the result.

export type PlaylistFormat = 'm3u' | 'pls';

/** One entry of a playlist file: where it points and the tags its comment line carried. */
interface FileEntry {
  /** 1-based line of the entry's location in the file (for the report). */
  line: number;
  location: string;
  artist: string | null;
  title: string | null;
  duration_ms: number | null;
}

export interface ExportTrack {
  title: string;
  artist: string | null;
  duration_ms: number | null;
  /** The file's name as uploaded: no server path leaves the station. */
  filename: string;
}

/** `.pls` starts with its section header; everything else is read as M3U. */
export function detectFormat(content: string): PlaylistFormat {
  return /^\s*\[playlist\]/i.test(content.replace(/^\uFEFF/, '')) ? 'pls' : 'm3u';
}

/** "Artist - Title" as players write it; no separator means a bare title. */
function splitDisplay(display: string): { artist: string | null; title: string | null } {
  const text = display.trim();
  if (text === '') return { artist: null, title: null };
  const at = text.indexOf(' - ');
  if (at < 0) return { artist: null, title: text };
  return { artist: text.slice(0, at).trim() || null, title: text.slice(at + 3).trim() || null };
}

const seconds = (raw: string | undefined): number | null => {
  const n = Number(raw);
  return raw !== undefined && raw.trim() !== '' && Number.isFinite(n) && n > 0
    ? Math.round(n * 1000)
    : null;
};

function lines(content: string): string[] {
  return content.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

export function parseM3u(content: string): FileEntry[] {
  const out: FileEntry[] = [];
  let pending: { artist: string | null; title: string | null; duration_ms: number | null } = {
    artist: null,
    title: null,
    duration_ms: null,
  };
  for (const [i, raw] of lines(content).entries()) {
    const text = raw.trim();
    if (text === '') continue;
    const extinf = /^#EXTINF:\s*(-?[\d.]+)?[^,]*,(.*)$/i.exec(text);
    if (extinf) {
      pending = { ...splitDisplay(extinf[2] ?? ''), duration_ms: seconds(extinf[1]) };
      continue;
    }
    if (text.startsWith('#')) continue;
    out.push({ line: i + 1, location: text, ...pending });
    pending = { artist: null, title: null, duration_ms: null };
  }
  return out;
}

export function parsePls(content: string): FileEntry[] {
  const byIndex = new Map<number, Partial<FileEntry>>();
  for (const [i, raw] of lines(content).entries()) {
    const m = /^\s*(File|Title|Length)(\d+)\s*=(.*)$/i.exec(raw);
    if (!m) continue;
    const n = Number(m[2]);
    const e = byIndex.get(n) ?? {};
    const value = (m[3] ?? '').trim();
    const key = (m[1] ?? '').toLowerCase();
    if (key === 'file') Object.assign(e, { location: value, line: i + 1 });
    else if (key === 'title') Object.assign(e, splitDisplay(value));
    else e.duration_ms = seconds(value);
    byIndex.set(n, e);
  }
  return [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([, e]) =>
      e.location === undefined || e.location === ''
        ? []
        : [
            {
              line: e.line ?? 0,
              location: e.location,
              artist: e.artist ?? null,
              title: e.title ?? null,
              duration_ms: e.duration_ms ?? null,
            },
          ],
    );
}

export function parsePlaylist(content: string, format: PlaylistFormat): FileEntry[] {
  return format === 'pls' ? parsePls(content) : parseM3u(content);
}

const display = (t: ExportTrack) => (t.artist ? `${t.artist} - ${t.title}` : t.title);
// Line breaks inside tags would start a new entry in either format.
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');
const secs = (t: ExportTrack) =>
  t.duration_ms === null ? -1 : Math.max(1, Math.round(t.duration_ms / 1000));

export function renderM3u(tracks: readonly ExportTrack[]): string {
  const body = tracks.map(
    (t) => `#EXTINF:${secs(t)},${oneLine(display(t))}\n${oneLine(t.filename)}\n`,
  );
  return `#EXTM3U\n${body.join('')}`;
}

export function renderPls(tracks: readonly ExportTrack[]): string {
  const body = tracks.map((t, i) => {
    const n = i + 1;
    return `File${n}=${oneLine(t.filename)}\nTitle${n}=${oneLine(display(t))}\nLength${n}=${secs(t)}\n`;
  });
  return `[playlist]\n${body.join('')}NumberOfEntries=${tracks.length}\nVersion=2\n`;
}

/** The last path segment of a location (POSIX or Windows path, or URL), decoded. */
export function baseName(location: string): string {
  const noQuery = location.replace(/[?#].*$/, '');
  const last = noQuery.split(/[\\/]/).pop() ?? noQuery;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

export interface MatchCandidate {
  id: string;
  title: string;
  artist: string | null;
  filename: string;
}

interface MatchOutcome {
  matched: { entry: FileEntry; media_id: string; by: 'path' | 'tags' }[];
  unmatched: { line: number; entry: string; reason: string }[];
}

const key = (s: string) => s.trim().toLowerCase();
const tagKey = (artist: string | null, title: string) => `${key(artist ?? '')}\u0000${key(title)}`;

/**
 * Each entry matches the track whose uploaded file name is the entry's file name, else the
 * track with the same artist and title (case-insensitive) as the entry's tags. Among several,
 * the first candidate (the repository orders them oldest first) wins, so imports are stable.
 */
export function matchEntries(
  entries: readonly FileEntry[],
  candidates: readonly MatchCandidate[],
): MatchOutcome {
  const byName = new Map<string, string>();
  const byTags = new Map<string, string>();
  for (const c of candidates) {
    if (!byName.has(key(c.filename))) byName.set(key(c.filename), c.id);
    const k = tagKey(c.artist, c.title);
    if (!byTags.has(k)) byTags.set(k, c.id);
  }
  const out: MatchOutcome = { matched: [], unmatched: [] };
  for (const entry of entries) {
    const named = byName.get(key(baseName(entry.location)));
    if (named !== undefined) {
      out.matched.push({ entry, media_id: named, by: 'path' });
      continue;
    }
    const tagged = entry.title === null ? undefined : byTags.get(tagKey(entry.artist, entry.title));
    if (tagged !== undefined) {
      out.matched.push({ entry, media_id: tagged, by: 'tags' });
      continue;
    }
    out.unmatched.push({
      line: entry.line,
      entry: entry.location,
      reason:
        entry.title === null
          ? 'no library track has this file name, and the entry has no tags'
          : 'no library track has this file name or this artist and title',
    });
  }
  return out;
}
