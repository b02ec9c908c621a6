import type { Spawner } from './process.js';

// Duration of a media file in ms through ffprobe, or undefined when it cannot tell.
export async function probeDurationMs(spawn: Spawner, path: string): Promise<number | undefined> {
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
