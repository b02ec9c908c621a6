import { stat } from 'node:fs/promises';
import type { AzuraNowPlaying, NowPlaying } from '@grimnir/contracts';
import { notFound } from '../../errors.js';
import { absoluteMediaPath, artworkMime } from '../media/index.js';
import { azuraNowPlaying, HISTORY_LENGTH, integerId } from './azuracast-nowplaying.js';
import { azuraSchedule, SCHEDULE_SPAN_MS } from './azuracast-schedule.js';
import { icecastStatus } from './icecast-status.js';
import type { Listing } from '../programming/index.js';
import type { PublicRepository, PublicStation } from './public.repository.js';

const SCHEDULE_TTL_MS = 30_000;

/** What the listener side needs from the listener fan-out of this replica. */
interface AudienceView {
  counts(): Record<string, number>;
  uniqueListeners(stationId: string): number;
  peak(mount: string): number;
}

export function createPublicService(d: {
  repo: PublicRepository;
  /** The station's now playing as the engine reports it (playout's public view). */
  nowPlaying: (stationId: string) => Promise<NowPlaying>;
  audience: AudienceView;
  /** The station's programme for listeners (shows and entries, one line per occurrence). */
  listings: (
    stationId: string,
    timezone: string,
    window: { startMs: number; endMs: number },
  ) => Promise<Listing[]>;
  mediaRoot: string;
  now: () => number;
  startedAt: number;
}) {
  // Widgets on many listeners' pages poll the schedule; the programme changes rarely, so a
  // station's week is expanded at most once per SCHEDULE_TTL_MS.
  const weeks = new Map<string, { at: number; listings: Listing[] }>();
  /** A station by its short code, or by the integer id AzuraCast clients may use instead. */
  async function find(ref: string): Promise<PublicStation> {
    const bySlug = await d.repo.stationBySlug(ref);
    if (bySlug) return bySlug;
    if (/^\d{1,10}$/.test(ref)) {
      const n = Number(ref);
      const match = (await d.repo.stations()).find((s) => integerId(s.id) === n);
      if (match) return match;
    }
    throw notFound('station');
  }

  async function document(station: PublicStation, base: string): Promise<AzuraNowPlaying> {
    const [np, mounts, plays, live] = await Promise.all([
      d.nowPlaying(station.id),
      d.repo.mounts(station.id),
      d.repo.recentPlays(station.id, HISTORY_LENGTH + 1),
      d.repo.liveSession(station.id),
    ]);
    const ids = [np.current?.media_id, np.up_next[0]?.media_id].filter(
      (id): id is string => typeof id === 'string',
    );
    const counts = d.audience.counts();
    return azuraNowPlaying({
      station,
      mounts: mounts.map((m) => ({ ...m, listeners: counts[m.name] ?? 0 })),
      uniqueListeners: d.audience.uniqueListeners(station.id),
      np,
      songs: await d.repo.songs(station.id, ids),
      plays,
      live,
      base,
      nowMs: d.now(),
    });
  }

  return {
    find,
    document,
    async nowPlaying(ref: string, base: string): Promise<AzuraNowPlaying> {
      return document(await find(ref), base);
    },
    async everyStation(base: string): Promise<AzuraNowPlaying[]> {
      const stations = await d.repo.stations();
      return Promise.all(stations.map((s) => document(s, base)));
    },
    /** Cover art of one of the station's tracks; undefined: serve the default image. */
    async artwork(
      ref: string,
      mediaId: string,
    ): Promise<{ path: string; mime: string } | undefined> {
      const station = await find(ref);
      if (mediaId === 'default') return undefined;
      const stored = /^[0-9a-f-]{36}$/i.test(mediaId)
        ? await d.repo.artworkPath(station.id, mediaId)
        : undefined;
      if (stored === undefined) throw notFound('media');
      const mime = stored === null ? undefined : artworkMime(stored);
      if (stored === null || mime === undefined) return undefined;
      const path = absoluteMediaPath(d.mediaRoot, stored);
      return (await stat(path).catch(() => undefined)) ? { path, mime } : undefined;
    },
    /** What is on now and the week to come, at most `rows` lines (AzuraCast's shape). */
    async schedule(ref: string, rows: number) {
      const station = await find(ref);
      const now = d.now();
      let week = weeks.get(station.id);
      if (week === undefined || now - week.at > SCHEDULE_TTL_MS) {
        const window = { startMs: now - SCHEDULE_TTL_MS, endMs: now + SCHEDULE_SPAN_MS };
        week = { at: now, listings: await d.listings(station.id, station.timezone, window) };
        weeks.set(station.id, week);
      }
      return azuraSchedule(week.listings, now, rows);
    },
    async icecastStatus(base: string, host: string) {
      const stations = await d.repo.stations();
      const docs = await Promise.all(stations.map((s) => document(s, base)));
      return icecastStatus({
        host,
        startedAt: d.startedAt,
        counts: d.audience.counts(),
        peak: (m) => d.audience.peak(m),
        stations: docs,
      });
    },
  };
}
export type PublicService = ReturnType<typeof createPublicService>;
