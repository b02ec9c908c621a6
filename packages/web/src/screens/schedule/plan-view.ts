import type { Data } from '../../api/types';

// The concrete plan as the "what will play" timeline shows it: items in order, with any gap
// between two items made visible (the planner tiles the window, so one would be a bug).

export type PlanItem = Data<'/api/v1/schedule'>[number];
type PlanRow =
  { kind: 'item'; item: PlanItem } | { kind: 'gap'; starts_at: string; ends_at: string };

export function planRows(items: readonly PlanItem[]): PlanRow[] {
  const sorted = [...items].sort((a, b) => a.starts_at.localeCompare(b.starts_at));
  const out: PlanRow[] = [];
  let lastEnd: number | undefined;
  for (const item of sorted) {
    const start = Date.parse(item.starts_at);
    if (lastEnd !== undefined && start > lastEnd)
      out.push({
        kind: 'gap',
        starts_at: new Date(lastEnd).toISOString(),
        ends_at: item.starts_at,
      });
    out.push({ kind: 'item', item });
    lastEnd = Math.max(lastEnd ?? 0, Date.parse(item.ends_at));
  }
  return out;
}

/** What a plan item is called on the timeline. */
export function itemTitle(i: PlanItem): string {
  if (i.kind === 'live') return `Live: ${i.label ?? 'DJ'}`;
  if (i.kind === 'webstream') return `Webstream${i.label ? `: ${i.label}` : ''}`;
  const t = i.title ?? i.label ?? 'Untitled';
  return i.artist ? `${i.artist} – ${t}` : t;
}
