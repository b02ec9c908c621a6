import type { AzuraScheduleItem } from '@grimnir/contracts';
import type { Listing } from '../programming/index.js';
import { integerId } from './azuracast-nowplaying.js';

/** How far ahead listeners see the programme: the week to come. */
export const SCHEDULE_SPAN_MS = 7 * 86_400_000;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The station's programme in AzuraCast's schedule shape: what is on now and what follows, at
 * most `rows` lines. A presenter's name joins the title ("Night Shift with Ada").
 */
export function azuraSchedule(
  listings: readonly Listing[],
  nowMs: number,
  rows: number,
): AzuraScheduleItem[] {
  return listings
    .filter((l) => l.endMs > nowMs)
    .slice(0, rows)
    .map((l) => ({
      id: integerId(l.id),
      type: l.live || l.host !== null ? 'streamer' : 'playlist',
      name: l.title,
      title: l.host ? `${l.title} with ${l.host}` : l.title,
      description: l.description,
      start_timestamp: Math.floor(l.startMs / 1000),
      start: iso(l.startMs),
      end_timestamp: Math.floor(l.endMs / 1000),
      end: iso(l.endMs),
      is_now: l.startMs <= nowMs && nowMs < l.endMs,
    }));
}
