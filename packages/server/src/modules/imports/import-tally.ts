/**
 * What a bulk import did, file by file, and what that means for the operator: the counts the
 * progress line shows, the failures the summary lists, the exit code.
 */

export type Outcome =
  | { readonly kind: 'imported'; readonly mediaId: string }
  | { readonly kind: 'duplicate'; readonly existingId: string }
  | { readonly kind: 'failed'; readonly reason: string };

export interface Failure {
  readonly path: string;
  readonly reason: string;
}

export interface Tally {
  /** Audio files found in the folder. */
  readonly total: number;
  readonly imported: number;
  readonly duplicates: number;
  readonly failures: readonly Failure[];
}

export const emptyTally = (total: number): Tally => ({
  total,
  imported: 0,
  duplicates: 0,
  failures: [],
});

export function addOutcome(t: Tally, path: string, o: Outcome): Tally {
  switch (o.kind) {
    case 'imported':
      return { ...t, imported: t.imported + 1 };
    case 'duplicate':
      return { ...t, duplicates: t.duplicates + 1 };
    case 'failed':
      return { ...t, failures: [...t.failures, { path, reason: o.reason }] };
  }
}

/** How a run ended: every file looked at, Ctrl-C, or an error no later file could escape. */
export type Ending = 'complete' | 'interrupted' | 'stopped';

export const processed = (t: Tally): number => t.imported + t.duplicates + t.failures.length;

interface ErrorLike {
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly message?: unknown;
  readonly details?: unknown;
}

/**
 * A refused or failed file as an outcome. The library's own refusals (409 duplicate, 415 not
 * audio, 413 too large) carry `statusCode` and a stable `code`; filesystem errors carry an
 * errno `code` such as EACCES, which the reason keeps because it is what the operator fixes.
 */
export function outcomeOfError(err: unknown): Outcome {
  const e = (typeof err === 'object' && err !== null ? err : {}) as ErrorLike;
  if (e.code === 'duplicate_media') {
    const id = (e.details as { existing_id?: unknown } | undefined)?.existing_id;
    return { kind: 'duplicate', existingId: typeof id === 'string' ? id : '' };
  }
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : String(err);
  const errno = typeof e.statusCode !== 'number' && typeof e.code === 'string' ? e.code : '';
  return {
    kind: 'failed',
    reason: errno !== '' && !message.includes(errno) ? `${errno}: ${message}` : message,
  };
}

/**
 * Errors no later file can escape: the media disk is full (507), the station or the acting
 * user's role on it went away (404, 403). The import stops instead of failing every file.
 */
export function isFatal(err: unknown): boolean {
  const status = (err as ErrorLike | undefined)?.statusCode;
  return status === 507 || status === 403 || status === 404;
}

/** 0: everything imported or skipped; 1: some files failed or the run stopped; 130: Ctrl-C. */
export function exitCode(t: Tally, ending: Ending): number {
  if (ending === 'interrupted') return 130;
  if (ending === 'stopped') return 1;
  return t.failures.length > 0 ? 1 : 0;
}
