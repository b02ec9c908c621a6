import type { EngineItem } from '@grimnir/contracts';

/** Only http(s): anything else would let a caller point souphttpsrc at local files. */
function isRelayUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Why an incoming item cannot be played, or undefined. */
export function itemProblem(item: EngineItem | undefined | null): string | undefined {
  if (!item) return 'item is required';
  const urls = item.urls ?? [];
  if (urls.length === 0) return item.path ? undefined : 'item.path or item.urls is required';
  const bad = urls.find((u) => !isRelayUrl(u));
  return bad === undefined ? undefined : 'item.urls must be http(s) URLs';
}
