import type { EngineItem } from '@grimnir/contracts';

// A relay item (one with `urls`) travels through automation and its deck like a file item; the
// deck hands its decoder only `item.path`, so the URL list is carried in the path under a
// marker that no file path can contain (NUL), and the decoder reads it back.
const MARKER = '\u0000relay\u0000';

export function relayPath(urls: readonly string[]): string {
  return MARKER + JSON.stringify(urls);
}

/** The relay URLs a decoder path carries, or undefined for a file path. */
export function relayUrlsOf(path: string): string[] | undefined {
  if (!path.startsWith(MARKER)) return undefined;
  const parsed: unknown = JSON.parse(path.slice(MARKER.length));
  if (!Array.isArray(parsed)) return undefined;
  return parsed.filter((u): u is string => typeof u === 'string');
}

/** Only http(s): anything else would let a caller point souphttpsrc at local files. */
function isRelayUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** An item as automation plays it: a relay's URLs moved into its decoder path. */
export function playableItem(item: EngineItem): EngineItem {
  const urls = item.urls ?? [];
  return urls.length === 0 ? item : { ...item, path: relayPath(urls) };
}

/** Why an incoming item cannot be played, or undefined. */
export function itemProblem(item: EngineItem | undefined | null): string | undefined {
  if (!item) return 'item is required';
  const urls = item.urls ?? [];
  if (urls.length === 0) return item.path ? undefined : 'item.path or item.urls is required';
  const bad = urls.find((u) => !isRelayUrl(u));
  return bad === undefined ? undefined : 'item.urls must be http(s) URLs';
}
