import type { Spawner } from './process.js';

// Duration of a media file in ms through ffprobe, or undefined when it cannot tell.
export async function probeDurationMs(spawn: Spawner, path: string): Promise<number | undefined> {
  return probeOnce(spawn, path);
}

// Every station re-probes its fallback items on each ConfigureStation, and forking a child
// from a large Node process costs ~20 ms of CPU: remember answers per path and file version.
export function createDurationProbe(
  spawn: Spawner,
  stat: (path: string) => Promise<{ mtimeMs: number; size: number }>,
  maxEntries = 10_000,
): (path: string) => Promise<number | undefined> {
  const cache = new Map<string, { key: string; value: Promise<number | undefined> }>();
  return async (path) => {
    const st = await stat(path).catch(() => undefined);
    if (!st) return undefined;
    const key = `${st.mtimeMs}:${st.size}`;
    const hit = cache.get(path);
    if (hit && hit.key === key) return hit.value;
    const value = probeOnce(spawn, path);
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
    cache.set(path, { key, value });
    return value;
  };
}

async function probeOnce(spawn: Spawner, path: string): Promise<number | undefined> {
  const proc = spawn({
    command: 'ffprobe',
    args: ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path],
    role: 'probe',
  });
  let out = '';
  proc.stdout.on('data', (c: Buffer) => {
    out += c.toString('utf8');
  });
  const ended = new Promise<void>((resolve) => proc.stdout.once('close', resolve));
  const [info] = await Promise.all([proc.exited, ended]);
  const seconds = Number.parseFloat(out.trim());
  if (info.code !== 0 || !Number.isFinite(seconds)) return undefined;
  return Math.round(seconds * 1000);
}
