/** A report's days as the manager picked them: `from`..`to` inclusive, `YYYY-MM-DD` local. */
export interface DayRange {
  from: string;
  to: string;
}

export type Preset = 'today' | 'yesterday' | 'last7' | 'last30';

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const addDays = (d: Date, n: number) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);

/** The preset's days, ending today (the last 7 days include today). */
export function presetRange(preset: Preset, now: Date): DayRange {
  const today = addDays(now, 0);
  switch (preset) {
    case 'today':
      return { from: ymd(today), to: ymd(today) };
    case 'yesterday':
      return { from: ymd(addDays(today, -1)), to: ymd(addDays(today, -1)) };
    case 'last7':
      return { from: ymd(addDays(today, -6)), to: ymd(today) };
    case 'last30':
      return { from: ymd(addDays(today, -29)), to: ymd(today) };
  }
}

/**
 * The API's instants for the picked days in the browser's time zone: from the first day's
 * local midnight to the midnight after the last (so a day is 23 or 25 hours across DST), or
 * a message saying what is wrong.
 */
export function toInstants(r: DayRange): { from: string; to: string } | { problem: string } {
  const parse = (s: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : undefined;
  };
  const a = parse(r.from);
  const b = parse(r.to);
  if (!a || !b) return { problem: 'Pick both days.' };
  if (b < a) return { problem: 'The last day is before the first.' };
  const end = addDays(b, 1);
  if ((end.getTime() - a.getTime()) / 86_400_000 > 93)
    return { problem: 'A report covers at most 93 days.' };
  return { from: a.toISOString(), to: end.toISOString() };
}
