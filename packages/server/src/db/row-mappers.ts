/** Row value normalisation shared by every repository (see types.ts for why). */
export function toBool(v: boolean | number | null | undefined): boolean {
  return v === true || v === 1;
}

/** SQLite's CURRENT_TIMESTAMP is "YYYY-MM-DD HH:MM:SS" in UTC; everything else is ISO already. */
const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function toIso(v: string | Date): string {
  if (v instanceof Date) return v.toISOString();
  // Hot path: values we wrote ourselves are already canonical; Date parsing costs ~1.5 µs each.
  if (ISO_UTC_MS.test(v)) return v;
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v)) return `${v.replace(' ', 'T')}.000Z`;
  return new Date(v).toISOString();
}

export function toIsoOrNull(v: string | Date | null | undefined): string | null {
  return v === null || v === undefined ? null : toIso(v);
}
