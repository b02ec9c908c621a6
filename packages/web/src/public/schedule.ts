import createClient from 'openapi-fetch';
import type { paths } from '../api/schema';

const api = createClient<paths>({ baseUrl: '' });

export type ScheduleItem =
  paths['/api/station/{station}/schedule']['get']['responses'][200]['content']['application/json'][number];

export async function fetchSchedule(slug: string): Promise<ScheduleItem[]> {
  const { data, response } = await api.GET('/api/station/{station}/schedule', {
    params: { path: { station: slug }, query: { rows: 200 } },
  });
  if (data) return data;
  throw new Error(`The schedule could not be loaded (HTTP ${response.status}).`);
}

interface ScheduleDay {
  /** The listener's calendar date, e.g. "Sunday 28 March". */
  label: string;
  items: ScheduleItem[];
}

/**
 * The programme grouped by the listener's own calendar days (their time zone, not the
 * station's): a show at 21:00 in Berlin is on the listener's Monday or Tuesday as it falls.
 */
export function groupByDay(
  items: readonly ScheduleItem[],
  timeZone?: string,
  locale?: string,
): ScheduleDay[] {
  const day = new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(timeZone !== undefined && { timeZone }),
  });
  const days: ScheduleDay[] = [];
  for (const item of items) {
    const label = day.format(item.start_timestamp * 1000);
    const last = days[days.length - 1];
    if (last?.label === label) last.items.push(item);
    else days.push({ label, items: [item] });
  }
  return days;
}

/** "21:00–23:00" in the listener's zone and locale. */
export function timeRange(item: ScheduleItem, timeZone?: string, locale?: string): string {
  const f = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    ...(timeZone !== undefined && { timeZone }),
  });
  return `${f.format(item.start_timestamp * 1000)}–${f.format(item.end_timestamp * 1000)}`;
}
