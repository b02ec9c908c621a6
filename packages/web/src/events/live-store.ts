import { useSyncExternalStore } from 'react';

/**
 * A keyed value that changes many times a second (levels, listener counts): kept outside
 * TanStack Query so a meter update re-renders only the components that show it.
 */
export function createLiveStore<V>() {
  const values = new Map<string, V>();
  const listeners = new Map<string, Set<() => void>>();
  return {
    set(key: string, value: V): void {
      values.set(key, value);
      for (const l of listeners.get(key) ?? []) l();
    },
    get: (key: string): V | undefined => values.get(key),
    clear(): void {
      const keys = [...values.keys()];
      values.clear();
      for (const k of keys) for (const l of listeners.get(k) ?? []) l();
    },
    subscribe(key: string, l: () => void): () => void {
      let set = listeners.get(key);
      if (!set) listeners.set(key, (set = new Set()));
      set.add(l);
      return () => set.delete(l);
    },
  };
}
type LiveStore<V> = ReturnType<typeof createLiveStore<V>>;

export function useLive<V>(store: LiveStore<V>, key: string): V | undefined {
  return useSyncExternalStore(
    (l) => store.subscribe(key, l),
    () => store.get(key),
  );
}
