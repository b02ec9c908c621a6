import { readFile, rm, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import {
  MediaWaveformSchema,
  type Media,
  type MediaListQuery,
  type MediaListResponse,
  type MediaPatch,
  type MediaWaveform,
  type StationRole,
} from '@grimnir/contracts';
import { AppError, conflict, notFound } from '../../errors.js';
import type { RequestCtx } from '../../plugins/route-helpers.js';
import type { StationAccess } from '../stations/index.js';
import { decodeCursor, encodeCursor } from './media-cursor.js';
import { removeStored } from './media-files.js';
import { absoluteMediaPath, relativeSidePath } from './media-paths.js';
import { receiveToTemp, sweepStaleUploads, type ReceivedFile } from './media-receive.js';
import { storeUpload, toWire, type StoreDeps, type UploadInput } from './media-store.js';
import { normaliseIsrc } from './media-tags.js';
import type { MediaRecord, MediaUpdate } from './media.repository.js';

interface MediaServiceDeps extends StoreDeps {
  readonly access: StationAccess;
  readonly maxUploadBytes: number;
  /** Whether a schedule entry, queue item or playlist still plays this item. */
  readonly isScheduled: (mediaId: string) => Promise<boolean>;
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

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function createMediaService(d: MediaServiceDeps) {
  const { isScheduled } = d;

  /** Loads an item and checks the caller's role on the station it belongs to. */
  async function load(ctx: RequestCtx, id: string, need: StationRole): Promise<MediaRecord> {
    const m = await d.repo.findById(id);
    if (!m) throw notFound('media');
    await d.access.requireStation(ctx.principal, m.station_id, need);
    return m;
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
    maxUploadBytes: d.maxUploadBytes,

    /** Uploading needs the dj role on the target station. */
    async checkUpload(ctx: RequestCtx, stationId: string): Promise<void> {
      await d.access.requireStation(ctx.principal, stationId, 'dj');
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

    async upload(ctx: RequestCtx, input: UploadInput): Promise<Media> {
      try {
        await d.access.requireStation(ctx.principal, input.fields.station_id, 'dj');
        return toWire(await storeUpload(d, ctx, input));
      } finally {
        // After a successful store the rename has consumed the temporary file; force ignores that.
        await rm(input.received.tmpPath, { force: true });
      }
    },

    async list(ctx: RequestCtx, q: MediaListQuery): Promise<MediaListResponse> {
      await d.access.requireStation(ctx.principal, q.station_id, 'viewer');
      const rows = await d.repo.list({
        stationId: q.station_id.toLowerCase(),
        q: q.q,
        limit: q.limit + 1,
        after: q.cursor === undefined ? undefined : decodeCursor(q.cursor),
      });
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      const more = rows.length > q.limit && last !== undefined;
      return {
        items: page.map(toWire),
        next_cursor: more ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
      };
    },

    get: async (ctx: RequestCtx, id: string): Promise<Media> =>
      toWire(await load(ctx, id, 'viewer')),

    async update(ctx: RequestCtx, id: string, patch: MediaPatch): Promise<Media> {
      const current = await load(ctx, id, 'dj');
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
      return toWire(updated);
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
      const ext = m.artwork_path?.split('.').pop();
      const mime = ext === undefined ? undefined : ARTWORK_MIME[ext];
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
