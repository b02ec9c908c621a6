import type { Data } from '../../../api/types';

export type ImportJob = Data<'/api/v1/imports/{id}'>;

export const isRunning = (j: ImportJob) => j.finished_at === null;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "about 5 min left", "about 40 s left", or nothing when unknown. */
function eta(seconds: number | null): string | undefined {
  if (seconds === null) return undefined;
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} s left`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min left`;
  const h = Math.floor(seconds / 3600);
  return `about ${h} h ${Math.round((seconds - h * 3600) / 60)} min left`;
}

/** Files looked at so far, and the share of the folder that is (0–100). */
export function progressOf(j: ImportJob): { done: number; percent: number } {
  const done = j.imported + j.duplicates + j.failed;
  return { done, percent: j.total === 0 ? 0 : Math.round((done * 100) / j.total) };
}

/** One line a person reads: where the job is, its counts, its pace. */
export function importLine(j: ImportJob): string {
  const { done } = progressOf(j);
  const counts = `${plural(j.imported, 'imported', 'imported')}, ${plural(j.duplicates, 'already in the library', 'already in the library')}, ${plural(j.failed, 'failed', 'failed')}`;
  switch (j.state) {
    case 'scanning':
      return `Looking for audio files in “${j.folder}”…`;
    case 'importing':
      return [
        `${done} of ${plural(j.total, 'file')}: ${counts}`,
        j.rate_per_min === null ? undefined : `${j.rate_per_min} files/min`,
        eta(j.eta_s),
      ]
        .filter((x) => x !== undefined)
        .join(' · ');
    case 'complete':
      return `Done: ${plural(j.total, 'audio file')} in “${j.folder}”: ${counts}.`;
    case 'cancelled':
      return `Cancelled after ${done} of ${plural(j.total, 'file')}: ${counts}. Import it again to go on.`;
    case 'stopped':
      return `Stopped${j.reason ? ` (${j.reason})` : ''} after ${done} of ${plural(j.total, 'file')}: ${counts}.`;
  }
}
