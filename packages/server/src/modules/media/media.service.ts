import { readFile, rm, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import {
  MediaWaveformSchema,
  type Media,
  type MediaPatch,
  type MediaUploadFields,
  type MediaWaveform,
  type StationRole,
} from '@grimnir/contracts';
import { AppError, conflict, notFound, tooManyRequests, validationError } from '../../errors.js';
import type { DiskGuard } from '../../infra/disk-space.js';
import type { RequestCtx } from '../../plugins/route-helpers.js';
import type { StationAccess } from '../stations/index.js';
import { cueIssues, touchesCues } from './media-cues.js';
import { createLibraryOperations } from './media-library.service.js';
import { removeStored } from './media-files.js';
import { absoluteMediaPath, relativeSidePath } from './media-paths.js';
import {
  inspectFile,
  receiveToTemp,
  sweepStaleUploads,
  type ReceivedFile,
} from './media-receive.js';
import { storeUpload, toWire, type StoreDeps, type UploadInput } from './media-store.js';
import { normaliseIsrc } from './media-tags.js';
import type { MediaRecord, MediaUpdate } from './media.repository.js';
import type { AnnounceMedia } from './media-changes.js';

interface MediaServiceDeps extends StoreDeps {
  readonly access: StationAccess;
  readonly maxUploadBytes: number;
  /** Uploads one user may have in flight at once (per replica). */
  readonly maxConcurrentUploads: number;
  /** Free space on the media root, looked at before a byte is written. */
  readonly disk: DiskGuard;
  /** Whether a schedule entry, queue item or playlist still plays this item. */
  readonly isScheduled: (mediaId: string) => Promise<boolean>;
  readonly announce: AnnounceMedia;
}

const STALE_UPLOAD_MS = 6 * 60 * 60 * 1000;

/** Peaks are written by the media engine's analysis beside the audio file. */
export const WAVEFORM_SUFFIX = 'peaks.json';

const ARTWORK_MIME: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
};

/** The content type of stored cover art, by the extension analysis gave it; else undefined. */
export function artworkMime(storedPath: string): string | undefined {
  return ARTWORK_MIME[storedPath.split('.').pop()?.toLowerCase() ?? ''];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Cue points are checked against the duration, so they are editable once it is known and the
 * analysis will not overwrite them (it writes its own cue points when it completes).
 */
function checkCues(current: MediaRecord, patch: MediaPatch): void {
  const analysing = current.analysis_state === 'pending' || current.analysis_state === 'running';
  if (analysing || current.duration_ms === null)
    throw conflict(
      'analysis_pending',
      'cue points and fades can be edited once the analysis has measured the item',
    );
  const merged = {
    cue_in_ms: patch.cue_in_ms !== undefined ? patch.cue_in_ms : current.cue_in_ms,
    cue_out_ms: patch.cue_out_ms !== undefined ? patch.cue_out_ms : current.cue_out_ms,
    intro_ms: patch.intro_ms !== undefined ? patch.intro_ms : current.intro_ms,
    outro_ms: patch.outro_ms !== undefined ? patch.outro_ms : current.outro_ms,
    fade_in_ms: patch.fade_in_ms !== undefined ? patch.fade_in_ms : current.fade_in_ms,
    fade_out_ms: patch.fade_out_ms !== undefined ? patch.fade_out_ms : current.fade_out_ms,
  };
  const issues = cueIssues(merged, current.duration_ms);
  if (issues.length > 0) throw validationError('invalid cue points or fades', issues);
}

export function createMediaService(d: MediaServiceDeps) {
  const { isScheduled } = d;
  const inFlight = new Map<string, number>();

  /** Loads an item and checks the caller's role on the station it belongs to. */
  async function load(ctx: RequestCtx, id: string, need: StationRole): Promise<MediaRecord> {
    const m = await d.repo.findById(id);
    if (!m) throw notFound('media');
    await d.access.requireStation(ctx.principal, m.station_id, need);
    return m;
  }

  async function upload(ctx: RequestCtx, input: UploadInput): Promise<Media> {
    try {
      await d.access.requireStation(ctx.principal, input.fields.station_id, 'dj');
      const stored = await storeUpload(d, ctx, input);
      d.announce(stored.station_id, 'added', [stored.id]);
      return toWire(stored);
    } finally {
      // After a successful store the rename has consumed the temporary file; force ignores that.
      await rm(input.received.tmpPath, { force: true });
    }
  }

  const audit = (
    ctx: RequestCtx,
    m: MediaRecord,
    action: string,
    details: Record<string, unknown>,
  ) => ({
    userId: ctx.principal.userId,
    stationId: m.station_id,
    action,
    targetType: 'media',
    targetId: m.id,
    details,
    requestId: ctx.requestId,
    ip: ctx.ip,
  });

  return {
    ...createLibraryOperations(d),
    maxUploadBytes: d.maxUploadBytes,

    /**
     * Counts an upload against its user's cap (429 past it) until the returned release is
     * called: one account cannot tie up the disk and the request slots with parallel uploads.
     */
    beginUpload(ctx: RequestCtx): () => void {
      const user = ctx.principal.userId;
      const n = inFlight.get(user) ?? 0;
      if (n >= d.maxConcurrentUploads)
        throw tooManyRequests(
          `at most ${d.maxConcurrentUploads} uploads at once per user; wait for one to finish`,
        );
      inFlight.set(user, n + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (inFlight.get(user) ?? 1) - 1;
        if (left > 0) inFlight.set(user, left);
        else inFlight.delete(user);
      };
    },

    /** Uploading needs the dj role on the target station, and room on the media disk (507). */
    async checkUpload(ctx: RequestCtx, stationId: string): Promise<void> {
      await d.access.requireStation(ctx.principal, stationId, 'dj');
      await d.disk.require();
    },

    /** Streams an upload to a temporary file; the caller must `discard` it if it is not stored. */
    receive: (source: Readable): Promise<ReceivedFile> =>
      receiveToTemp(source, { mediaRoot: d.mediaRoot, maxBytes: d.maxUploadBytes }),

    /** Startup housekeeping: partial uploads left by a crash, older than six hours. */
    sweepStaleUploads: (): Promise<number> =>
      sweepStaleUploads(d.mediaRoot, d.clock.now(), STALE_UPLOAD_MS),

    discard: async (received: ReceivedFile | undefined): Promise<void> => {
      if (received) await rm(received.tmpPath, { force: true });
    },

    /**
     * A file already complete on disk (a finished resumable upload) through the same ingest as
     * a multipart upload: sniff, size limit, hash, tags, placement, row, audit. The file is
     * moved into the library or removed, whatever the outcome.
     */
    async ingestFile(
      ctx: RequestCtx,
      input: { path: string; clientFilename: string | undefined; fields: MediaUploadFields },
    ): Promise<Media> {
      let received: ReceivedFile;
      try {
        received = { tmpPath: input.path, ...(await inspectFile(input.path, d.maxUploadBytes)) };
      } catch (err) {
        await rm(input.path, { force: true });
        throw err;
      }
      return upload(ctx, { received, clientFilename: input.clientFilename, fields: input.fields });
    },

    /**
     * The library item holding the same bytes as a file on disk, if any: hashed and sniffed
     * (415/413 as an upload would be) by reading it once without copying it, so a bulk import
     * skips what an earlier run stored cheaply. `upload` still checks again before storing.
     */
    async existingCopy(ctx: RequestCtx, stationId: string, path: string) {
      await d.access.requireStation(ctx.principal, stationId, 'dj');
      const { sha256 } = await inspectFile(path, d.maxUploadBytes);
      return (await d.repo.findByHash(stationId.toLowerCase(), sha256))?.id;
    },

    upload,

    get: async (ctx: RequestCtx, id: string): Promise<Media> =>
      toWire(await load(ctx, id, 'viewer')),

    async update(ctx: RequestCtx, id: string, patch: MediaPatch): Promise<Media> {
      const current = await load(ctx, id, 'dj');
      if (touchesCues(patch)) checkCues(current, patch);
      const changes: MediaUpdate = {
        ...patch,
        ...(patch.isrc !== undefined && { isrc: normaliseIsrc(patch.isrc) }),
      };
      const updated = await d.db.transaction().execute(async (tx) => {
        const row = await d.repo.update(id, changes, d.clock.now().toISOString(), tx);
        if (!row) throw notFound('media');
        await d.audit.record(
          audit(ctx, current, 'media.update', { fields: Object.keys(patch) }),
          tx,
        );
        return row;
      });
      d.announce(updated.station_id, 'updated', [updated.id]);
      return toWire(updated);
    },

    /**
     * Analyse again (a DJ or manager of the station): how a file fenced after decoder failures
     * in playout — or one whose analysis failed — gets another chance once it has been fixed.
     * It returns to rotation when that analysis succeeds, not before.
     */
    async reanalyze(ctx: RequestCtx, id: string): Promise<Media> {
      const current = await load(ctx, id, 'dj');
      const queued = await d.db.transaction().execute(async (tx) => {
        const row = await d.repo.requeueAnalysis(id, d.clock.now().toISOString(), tx);
        const details = {
          playout_state: current.playout_state,
          playout_failures: current.playout_failures,
          analysis_state: current.analysis_state,
        };
        await d.audit.record(audit(ctx, current, 'media.reanalyze', details), tx);
        return row;
      });
      d.announce(current.station_id, 'updated', [current.id]);
      // Already being analysed: that run is the re-analysis.
      return toWire(queued ?? current);
    },

    async remove(ctx: RequestCtx, id: string): Promise<void> {
      const current = await load(ctx, id, 'manager');
      if (await isScheduled(current.id))
        throw conflict('media_in_use', 'this item is scheduled; remove it from the schedule first');
      await d.db.transaction().execute(async (tx) => {
        if (!(await d.repo.delete(current.id, tx))) throw notFound('media');
        const details = { title: current.title, content_hash: current.content_hash };
        await d.audit.record(audit(ctx, current, 'media.delete', details), tx);
      });
      d.announce(current.station_id, 'deleted', [current.id]);
      // Files go after the commit: a failed delete must not leave a row pointing at nothing.
      await removeStored(d.mediaRoot, [
        current.storage_path,
        current.artwork_path,
        relativeSidePath(current.station_id, current.id, WAVEFORM_SUFFIX),
      ]);
    },

    async audio(
      ctx: RequestCtx,
      id: string,
    ): Promise<{ media: MediaRecord; path: string; size: number }> {
      const media = await load(ctx, id, 'viewer');
      const path = absoluteMediaPath(d.mediaRoot, media.storage_path);
      try {
        return { media, path, size: (await stat(path)).size };
      } catch {
        throw new AppError(404, 'not_found', 'the audio file is missing from storage');
      }
    },

    async artwork(ctx: RequestCtx, id: string): Promise<{ path: string; mime: string }> {
      const m = await load(ctx, id, 'viewer');
      const mime = m.artwork_path === null ? undefined : artworkMime(m.artwork_path);
      if (m.artwork_path === null || mime === undefined)
        throw new AppError(404, 'not_found', 'this item has no artwork');
      const path = absoluteMediaPath(d.mediaRoot, m.artwork_path);
      if (!(await stat(path).catch(() => undefined)))
        throw new AppError(404, 'not_found', 'the artwork file is missing from storage');
      return { path, mime };
    },

    async waveform(ctx: RequestCtx, id: string): Promise<MediaWaveform> {
      const m = await load(ctx, id, 'viewer');
      if (m.analysis_state === 'failed')
        throw conflict('analysis_failed', m.analysis_error ?? 'the analysis of this item failed');
      const path = absoluteMediaPath(
        d.mediaRoot,
        relativeSidePath(m.station_id, m.id, WAVEFORM_SUFFIX),
      );
      const raw =
        m.analysis_state === 'complete'
          ? await readFile(path, 'utf8').catch(() => undefined)
          : undefined;
      const parsed = raw === undefined ? undefined : MediaWaveformSchema.safeParse(parseJson(raw));
      if (!parsed?.success)
        throw conflict(
          'analysis_pending',
          'waveform peaks are not available until the analysis has run',
        );
      return parsed.data;
    },
  };
}

export type MediaService = ReturnType<typeof createMediaService>;
