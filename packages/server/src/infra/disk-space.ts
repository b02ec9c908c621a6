import type { StatsFs } from 'node:fs';
import { statfs as fsStatfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Gauge, type Registry } from 'prom-client';
import { insufficientStorage } from '../errors.js';
import { METRICS } from '../ops/metric-names.js';

// Free space on the disks the control plane writes to (issue 18 item 5): uploads and analysis
// look before writing and answer 507 with a message instead of filling the disk to 100 % and
// failing with a generic 500; the gauge lets an alert fire before that happens.

/** statfs of `path`, or of its nearest existing parent (a media root not created yet). */
async function statfs(path: string): Promise<StatsFs> {
  try {
    return await fsStatfs(path);
  } catch (err) {
    const parent = dirname(path);
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || parent === path) throw err;
    return statfs(parent);
  }
}

/** Bytes an unprivileged process may still write under `path`. */
export async function freeBytes(path: string): Promise<number> {
  const s = await statfs(path);
  return s.bavail * s.bsize;
}

/** ENOSPC (disk full) and EDQUOT (quota exhausted): the disk's fault, not the request's. */
export function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

const mib = (bytes: number) => `${Math.floor(bytes / 1_048_576)} MiB`;

export const diskFull = () =>
  insufficientStorage('the media disk is full; ask an administrator to free space');

export interface DiskGuard {
  /** Throws 507 insufficient_storage when less than the configured reserve is free. */
  require(): Promise<void>;
  /** Whether the reserve is free (no throw), for background work that waits instead. */
  enough(): Promise<boolean>;
}

export function createDiskGuard(o: {
  root: string;
  minFreeBytes: number;
  free: (path: string) => Promise<number>;
}): DiskGuard {
  const enough = async () => (await o.free(o.root)) >= o.minFreeBytes;
  return {
    enough,
    async require() {
      const free = await o.free(o.root);
      if (free < o.minFreeBytes)
        throw insufficientStorage(
          `not enough free space on the media disk (${mib(free)} free, ${mib(o.minFreeBytes)} kept in reserve); ask an administrator to free space`,
        );
    },
  };
}

/** `grimnir_storage_free_bytes{root}` and `grimnir_storage_size_bytes{root}`, read on scrape. */
export function registerStorageGauges(
  registry: Registry,
  roots: Readonly<Record<string, string>>,
): void {
  const sample = async (root: string) => {
    const s = await statfs(root).catch(() => undefined);
    return s && { free: s.bavail * s.bsize, size: s.blocks * s.bsize };
  };
  new Gauge({
    name: METRICS.storageFreeBytes.name,
    help: METRICS.storageFreeBytes.help,
    labelNames: ['root'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [name, path] of Object.entries(roots)) {
        const s = await sample(path);
        if (s) this.set({ root: name }, s.free);
      }
    },
  });
  new Gauge({
    name: METRICS.storageSizeBytes.name,
    help: METRICS.storageSizeBytes.help,
    labelNames: ['root'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [name, path] of Object.entries(roots)) {
        const s = await sample(path);
        if (s) this.set({ root: name }, s.size);
      }
    },
  });
}
