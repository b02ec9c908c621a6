import { processed, type Ending, type Tally } from '../../modules/imports/index.js';

/** Pure text of a bulk import's progress line and final summary. */

/** Files handled per minute in this run (imported, skipped and failed alike). */
export function filesPerMinute(done: number, elapsedMs: number): number {
  return elapsedMs <= 0 ? 0 : (done * 60_000) / elapsedMs;
}

/** Time left at the current rate; undefined until there is a rate to go by. */
export function etaMs(remaining: number, perMinute: number): number | undefined {
  if (remaining <= 0) return 0;
  return perMinute > 0 ? (remaining / perMinute) * 60_000 : undefined;
}

/** `mm:ss`, or `h:mm:ss` from an hour on; `--:--` when unknown. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '--:--';
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** `imported N/M · skipped K duplicates · F failed · R files/min · ETA mm:ss` */
export function progressLine(t: Tally, elapsedMs: number): string {
  const done = processed(t);
  const rate = filesPerMinute(done, elapsedMs);
  return [
    `imported ${t.imported}/${t.total}`,
    `skipped ${plural(t.duplicates, 'duplicate', 'duplicates')}`,
    `${t.failures.length} failed`,
    `${Math.round(rate)} files/min`,
    `ETA ${formatDuration(etaMs(t.total - done, rate))}`,
  ].join(' · ');
}

/** The summary printed when the run ends: counts, then every failure with its reason. */
export function summaryLines(
  t: Tally,
  elapsedMs: number,
  ending: Ending,
  resumeCommand: string,
): string[] {
  const lines = [
    `${plural(t.total, 'audio file', 'audio files')} found: ${t.imported} imported, ` +
      `${plural(t.duplicates, 'duplicate', 'duplicates')} skipped, ${t.failures.length} failed ` +
      `(${formatDuration(elapsedMs)}, ${Math.round(filesPerMinute(processed(t), elapsedMs))} files/min)`,
  ];
  if (t.failures.length > 0) {
    lines.push('failed:');
    for (const f of t.failures) lines.push(`  ${f.path}: ${f.reason}`);
  }
  const left = t.total - processed(t);
  if (ending !== 'complete')
    lines.push(
      `${ending}: ${plural(left, 'file', 'files')} not looked at; to resume, run again:\n` +
        `  ${resumeCommand}\n` +
        'files already in the library are recognised by their content and skipped',
    );
  return lines;
}
