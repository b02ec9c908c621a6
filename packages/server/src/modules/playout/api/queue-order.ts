/**
 * What to do with a reorder of the play-next queue. The client sends the order it saw
 * (`previous`) and the order it wants (`next`): two operators dragging at once must not
 * silently undo each other, so an order based on a queue that changed meanwhile is refused
 * (`stale`) unless it already is the current order (`unchanged`, e.g. a retried request).
 */
export type ReorderDecision = 'apply' | 'unchanged' | 'stale' | 'invalid';

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id, i) => id === b[i]);

/** `next` is a permutation of `previous` without repeats: the only reorder that means anything. */
export function isPermutation(previous: readonly string[], next: readonly string[]): boolean {
  if (previous.length !== next.length) return false;
  const set = new Set(previous);
  return set.size === previous.length && next.every((id) => set.delete(id)) && set.size === 0;
}

export function decideReorder(
  current: readonly string[],
  previous: readonly string[],
  next: readonly string[],
): ReorderDecision {
  if (!isPermutation(previous, next)) return 'invalid';
  if (same(current, next)) return 'unchanged';
  return same(current, previous) ? 'apply' : 'stale';
}
