/** m:ss (or h:mm:ss) for a duration in milliseconds; negative values clamp to 0. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A time of day in the viewer's locale, e.g. 14:03:07. */
export function timeOfDay(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

const TIER_LABEL: Record<string, string> = {
  emergency: 'Emergency',
  live_override: 'Live',
  live_scheduled: 'Live',
  automation: 'Automation',
  fallback: 'Automation (fallback)',
};

/** The three tiers an operator thinks in: automation, live, emergency. */
export function tierLabel(tierName: string | null | undefined): string {
  return tierName ? (TIER_LABEL[tierName] ?? tierName) : 'Off air';
}

export function tierColor(tierName: string | null | undefined): string {
  if (tierName === 'emergency') return 'red';
  if (tierName === 'live_override' || tierName === 'live_scheduled') return 'grape';
  if (tierName) return 'teal';
  return 'gray';
}
