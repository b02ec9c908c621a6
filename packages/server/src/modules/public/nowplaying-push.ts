import type { AzuraNowPlaying, GrimnirEvent } from '@grimnir/contracts';

/** Events after which a station's now-playing document may read differently. */
const RELEVANT = new Set<GrimnirEvent['type']>([
  'now_playing',
  'priority',
  'executor_state',
  'listeners',
  'dead_air',
]);

interface Group<S> {
  station: S;
  base: string;
  writers: Set<(doc: AzuraNowPlaying) => void>;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * The unauthenticated live push: listeners' pages hold one Server-Sent Events stream each.
 * Documents are rendered once per station (and per public base URL) after a burst of events,
 * not once per subscriber, so a thousand open players cost one render per change.
 */
export function createNowPlayingPush<S extends { id: string }>(d: {
  subscribe: (handler: (e: GrimnirEvent) => void) => () => void;
  render: (station: S, base: string) => Promise<AzuraNowPlaying>;
  onError: (err: unknown) => void;
  debounceMs?: number;
}) {
  const groups = new Map<string, Group<S>>();
  const debounceMs = d.debounceMs ?? 300;

  function flush(g: Group<S>): void {
    g.timer = undefined;
    d.render(g.station, g.base).then((doc) => {
      for (const w of g.writers) w(doc);
    }, d.onError);
  }

  const unsubscribe = d.subscribe((e) => {
    if (!RELEVANT.has(e.type)) return;
    for (const g of groups.values())
      if (g.station.id === e.payload.station_id && g.timer === undefined)
        g.timer = setTimeout(() => flush(g), debounceMs);
  });

  return {
    /** Returns the function that ends this subscription. */
    add(station: S, base: string, write: (doc: AzuraNowPlaying) => void): () => void {
      const key = `${station.id} ${base}`;
      const g = groups.get(key) ?? { station, base, writers: new Set(), timer: undefined };
      groups.set(key, g);
      g.writers.add(write);
      return () => {
        g.writers.delete(write);
        if (g.writers.size > 0) return;
        if (g.timer) clearTimeout(g.timer);
        groups.delete(key);
      };
    },
    get size(): number {
      let n = 0;
      for (const g of groups.values()) n += g.writers.size;
      return n;
    },
    close(): void {
      unsubscribe();
      for (const g of groups.values()) if (g.timer) clearTimeout(g.timer);
      groups.clear();
    },
  };
}
export type NowPlayingPush<S extends { id: string }> = ReturnType<typeof createNowPlayingPush<S>>;
