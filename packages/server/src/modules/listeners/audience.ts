/**
 * Who is listening, beyond a count per mount: distinct client addresses per station (so a
 * listener on two mounts, or reconnecting, is one listener — the "unique" that peers report
 * as 0 or triple-count) and each mount's peak since this process started. Addresses stay in
 * memory only, as counts per address; nothing here is stored.
 */
export function createAudience() {
  const clients = new Map<string, Map<string, number>>();
  const peaks = new Map<string, number>();
  return {
    /** A listener connected (`mountCount`: the mount's listeners now, this one included). */
    join(stationId: string, mount: string, address: string, mountCount: number): void {
      const byAddress = clients.get(stationId) ?? new Map<string, number>();
      clients.set(stationId, byAddress);
      byAddress.set(address, (byAddress.get(address) ?? 0) + 1);
      peaks.set(mount, Math.max(peaks.get(mount) ?? 0, mountCount));
    },
    /**
     * A listener `join` counted has gone; once per join. Not a closure returned by `join`: that
     * and its scope were ~120 B per listener for as long as it listened (issue 17).
     */
    leave(stationId: string, address: string): void {
      const byAddress = clients.get(stationId);
      const n = (byAddress?.get(address) ?? 1) - 1;
      if (byAddress === undefined) return;
      if (n > 0) byAddress.set(address, n);
      else byAddress.delete(address);
      if (byAddress.size === 0) clients.delete(stationId);
    },
    unique(stationId: string): number {
      return clients.get(stationId)?.size ?? 0;
    },
    peak(mount: string): number {
      return peaks.get(mount) ?? 0;
    },
  };
}
