import { createReadStream } from 'node:fs';
import { basename, join } from 'node:path';
import { addAbortSignal } from 'node:stream';
import type { MediaUploadFields } from '@grimnir/contracts';
import type { MediaService } from '../media/index.js';
import type { RequestCtx } from '../../plugins/route-helpers.js';
import { isFatal, outcomeOfError, type Outcome } from './import-tally.js';

export type ImportMedia = Pick<
  MediaService,
  'existingCopy' | 'beginUpload' | 'checkUpload' | 'receive' | 'upload' | 'discard'
>;

interface ImportRun {
  readonly media: ImportMedia;
  readonly ctx: RequestCtx;
  readonly fields: MediaUploadFields;
  readonly root: string;
  /** Paths relative to `root`, in the order to import them. */
  readonly files: readonly string[];
  /** Ctrl-C: the file being copied is abandoned (its partial copy removed), no new one starts. */
  readonly signal: AbortSignal;
  readonly onOutcome: (relPath: string, outcome: Outcome) => void;
}

/**
 * One file through the same steps as `POST /api/v1/media`: the caller's uploads in flight,
 * role and disk, a streamed copy into the media root's temporary area (hashed and sniffed on
 * the way), then the store (duplicate check, tags, placement, row and audit in one transaction).
 * The source file is only ever read. A row exists only for a file completely in place.
 */
async function importOne(r: ImportRun, relPath: string): Promise<Outcome> {
  const path = join(r.root, relPath);
  // An earlier run's work is recognised by reading, without copying a byte.
  const existing = await r.media.existingCopy(r.ctx, r.fields.station_id, path);
  if (existing !== undefined) return { kind: 'duplicate', existingId: existing };
  const release = r.media.beginUpload(r.ctx);
  let received: Awaited<ReturnType<ImportMedia['receive']>> | undefined;
  try {
    await r.media.checkUpload(r.ctx, r.fields.station_id);
    received = await r.media.receive(addAbortSignal(r.signal, createReadStream(path)));
    const stored = await r.media.upload(r.ctx, {
      received,
      clientFilename: basename(relPath),
      fields: r.fields,
    });
    received = undefined;
    return { kind: 'imported', mediaId: stored.id };
  } catch (err) {
    await r.media.discard(received);
    throw err;
  } finally {
    release();
  }
}

/**
 * Imports the files one after another. Ends `interrupted` on the signal, `stopped` (with the
 * reason) on an error no later file can escape, else `complete`.
 */
export async function importFiles(
  r: ImportRun,
): Promise<{ ending: 'complete' | 'interrupted' } | { ending: 'stopped'; reason: string }> {
  for (const relPath of r.files) {
    if (r.signal.aborted) return { ending: 'interrupted' };
    let outcome: Outcome;
    try {
      outcome = await importOne(r, relPath);
    } catch (err) {
      // An aborted copy is not the file's fault: it stays for the next run.
      if (r.signal.aborted) return { ending: 'interrupted' };
      if (isFatal(err)) return { ending: 'stopped', reason: (err as Error).message };
      outcome = outcomeOfError(err);
    }
    r.onOutcome(relPath, outcome);
  }
  return { ending: 'complete' };
}
