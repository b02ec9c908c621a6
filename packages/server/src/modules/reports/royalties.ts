import { toCsv } from './csv.js';

/** A play with the sound recording's tags and the listeners who heard it (listener-stats). */
interface PlayFact {
  mediaId: string | null;
  title: string;
  artist: string | null;
  album: string | null;
  isrc: string | null;
  label: string | null;
  listeners: number;
  tuningMs: number;
}

interface TrackRoyalty {
  media_id: string;
  isrc: string;
  artist: string;
  title: string;
  album: string;
  label: string;
  plays: number;
  /** Listeners who heard each play, summed over the plays (SoundExchange's ATP). */
  performances: number;
  /** Hours listened during the track's plays, over all listeners (ATH). */
  aggregate_tuning_hours: number;
}

const HOUR_MS = 3_600_000;
const hours = (ms: number) => Math.round((ms / HOUR_MS) * 100) / 100;

/**
 * One row per sound recording played in the range: only library tracks (a live show or a relay
 * names no recording). Sorted by tuning hours, then artist and title. Pure.
 */
export function royaltyRows(plays: readonly PlayFact[]): TrackRoyalty[] {
  const byTrack = new Map<string, TrackRoyalty & { ms: number }>();
  for (const p of plays) {
    if (p.mediaId === null) continue;
    const row = byTrack.get(p.mediaId) ?? {
      media_id: p.mediaId,
      isrc: p.isrc ?? '',
      artist: p.artist ?? '',
      title: p.title,
      album: p.album ?? '',
      label: p.label ?? '',
      plays: 0,
      performances: 0,
      aggregate_tuning_hours: 0,
      ms: 0,
    };
    row.plays++;
    row.performances += p.listeners;
    row.ms += p.tuningMs;
    byTrack.set(p.mediaId, row);
  }
  return [...byTrack.values()]
    .map(({ ms, ...r }) => ({ ...r, aggregate_tuning_hours: hours(ms) }))
    .sort(
      (a, b) =>
        b.aggregate_tuning_hours - a.aggregate_tuning_hours ||
        a.artist.localeCompare(b.artist) ||
        a.title.localeCompare(b.title),
    );
}

const SOUNDEXCHANGE_HEADER = [
  'NAME_OF_SERVICE',
  'TRANSMISSION_CATEGORY',
  'FEATURED_ARTIST',
  'SOUND_RECORDING_TITLE',
  'ISRC',
  'ALBUM_TITLE',
  'MARKETING_LABEL',
  'ACTUAL_TOTAL_PERFORMANCES',
  'AGGREGATE_TUNING_HOURS',
  'CHANNEL_OR_PROGRAM_NAME',
  'PLAY_FREQUENCY',
] as const;

/**
 * SoundExchange's report of use: a pipe-delimited text file with a header row, one line per
 * sound recording. A `|` or line break inside a tag would break the columns: replaced by a space.
 */
export function soundExchangeText(
  service: string,
  category: string,
  rows: readonly TrackRoyalty[],
): string {
  const clean = (v: string | number) =>
    String(v)
      .replace(/[|\r\n]+/g, ' ')
      .trim();
  const lines = rows.map((r) =>
    [
      service,
      category,
      r.artist,
      r.title,
      r.isrc.replace(/-/g, '').toUpperCase(),
      r.album,
      r.label,
      r.performances,
      r.aggregate_tuning_hours.toFixed(2),
      service,
      r.plays,
    ]
      .map(clean)
      .join('|'),
  );
  return [SOUNDEXCHANGE_HEADER.join('|'), ...lines].join('\r\n') + '\r\n';
}

/** The same rows as a plain CSV for spreadsheets and other collecting societies. */
export function royaltyCsv(rows: readonly TrackRoyalty[]): string {
  return toCsv(
    [
      'isrc',
      'artist',
      'title',
      'album',
      'label',
      'plays',
      'performances',
      'aggregate_tuning_hours',
    ],
    rows.map((r) => [
      r.isrc,
      r.artist,
      r.title,
      r.album,
      r.label,
      r.plays,
      r.performances,
      r.aggregate_tuning_hours.toFixed(2),
    ]),
  );
}
