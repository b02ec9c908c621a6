/**
 * What the upload panel knows about each file, as pure data and transitions (tested in
 * upload-state.test.ts); the component only renders it and the tus glue only reports events.
 */

export interface Failure {
  readonly message: string;
  readonly code?: string | undefined;
  readonly requestId?: string | undefined;
  /** HTTP status of the refusal; undefined when the server was never reached. */
  readonly status?: number | undefined;
}

export type UploadState =
  | { readonly kind: 'queued' }
  | { readonly kind: 'uploading'; readonly sent: number; readonly total: number }
  /** The connection dropped or the server was busy: tus resumes by itself from the offset. */
  | { readonly kind: 'reconnecting'; readonly sent: number; readonly total: number }
  | { readonly kind: 'analysing'; readonly mediaId: string }
  | { readonly kind: 'analysed'; readonly mediaId: string }
  | { readonly kind: 'failed'; readonly failure: Failure; readonly stage: 'upload' | 'analysis' }
  | { readonly kind: 'cancelled' };

export interface UploadItem {
  readonly key: string;
  readonly name: string;
  readonly size: number;
  readonly state: UploadState;
}

/** Files the server is sent at once: the API's per-user cap (2 by default) counts them. */
const PARALLEL_UPLOADS = 2;

export const isActive = (s: UploadState) => s.kind === 'uploading' || s.kind === 'reconnecting';
export const isFinished = (s: UploadState) =>
  s.kind === 'analysed' || s.kind === 'failed' || s.kind === 'cancelled';

/** The queued items to start now, oldest first, within the parallel limit. */
export function nextToStart(items: readonly UploadItem[]): UploadItem[] {
  const running = items.filter((i) => isActive(i.state)).length;
  return items
    .filter((i) => i.state.kind === 'queued')
    .slice(0, Math.max(0, PARALLEL_UPLOADS - running));
}

export function setState(
  items: readonly UploadItem[],
  key: string,
  state: UploadState,
): UploadItem[] {
  return items.map((i) => (i.key === key ? { ...i, state } : i));
}

/** Progress in percent (0–100) for a bar, or undefined when no bar makes sense. */
export function percent(s: UploadState): number | undefined {
  switch (s.kind) {
    case 'uploading':
    case 'reconnecting':
      return s.total > 0 ? Math.floor((s.sent / s.total) * 100) : 0;
    case 'analysing':
    case 'analysed':
      return 100;
    case 'queued':
      return 0;
    case 'failed':
    case 'cancelled':
      return undefined;
  }
}

/** The words shown (and read out) for a state. */
export function label(s: UploadState): string {
  switch (s.kind) {
    case 'queued':
      return 'Queued';
    case 'uploading':
      return `Uploading ${percent(s)}%`;
    case 'reconnecting':
      return `Connection lost at ${percent(s)}%, resuming…`;
    case 'analysing':
      return 'Analysing';
    case 'analysed':
      return 'Analysed';
    case 'failed':
      return s.stage === 'analysis' ? 'Analysis failed' : 'Failed';
    case 'cancelled':
      return 'Cancelled';
  }
}

export function color(s: UploadState): string {
  switch (s.kind) {
    case 'analysed':
      return 'teal';
    case 'failed':
      return 'red';
    case 'reconnecting':
      return 'orange.9';
    case 'cancelled':
    case 'queued':
      return 'gray';
    case 'uploading':
    case 'analysing':
      return 'blue';
  }
}

const UNITS = ['B', 'KB', 'MB', 'GB'];
/** 1.4 MB, 820 KB: decimal units as file managers show them. */
export function fileSize(bytes: number): string {
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < UNITS.length - 1) {
    v /= 1000;
    u += 1;
  }
  return `${u === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${UNITS[u]}`;
}

/** One line for the heading: "2 of 3 analysed, 1 uploading". */
export function summary(items: readonly UploadItem[]): string {
  if (items.length === 0) return 'No files yet';
  const count = (k: UploadState['kind'][]) => items.filter((i) => k.includes(i.state.kind)).length;
  const parts = [`${count(['analysed'])} of ${items.length} analysed`];
  const up = count(['uploading', 'reconnecting', 'queued']);
  if (up > 0) parts.push(`${up} to upload`);
  const an = count(['analysing']);
  if (an > 0) parts.push(`${an} analysing`);
  const failed = count(['failed']);
  if (failed > 0) parts.push(`${failed} failed`);
  return parts.join(', ');
}

/** Which failures a retry can help (the network, the server busy) and which it cannot. */
/** Whether the Retry button is offered: not for a refusal a new attempt cannot change. */
export const canRetry = (f: Failure) => retryable(f.status);

export function retryable(status: number | undefined): boolean {
  return (
    status === undefined ||
    status === 0 ||
    status === 409 ||
    status === 423 ||
    status === 429 ||
    // 507: the media disk is full, which waiting a few seconds does not change.
    (status >= 500 && status !== 507)
  );
}
