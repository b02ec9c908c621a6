import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Media } from '@grimnir/contracts';
import { FileStore } from '@tus/file-store';
import { Server } from '@tus/server';
import { AppError, conflict, notFound } from '../../errors.js';
import type { Clock } from '../../infra/clock.js';
import type { RequestCtx } from '../../plugins/route-helpers.js';
import { tmpDir, type MediaService } from '../media/index.js';
import type { StationAccess } from '../stations/index.js';
import { createUploadFiles, type UploadInfo } from './upload-files.js';
import {
  ingestInput,
  parseUploadMetadata,
  requireLength,
  storedMetadata,
} from './upload-metadata.js';

export const UPLOADS_PATH = '/api/v1/uploads';

/** A day to resume: long enough for a laptop closed overnight, short enough to bound the disk. */
const UPLOAD_EXPIRY_MS = 24 * 60 * 60 * 1000;

interface UploadsDeps {
  media: Pick<MediaService, 'checkUpload' | 'ingestFile' | 'get' | 'maxUploadBytes'>;
  access: StationAccess;
  mediaRoot: string;
  clock: Clock;
  expiryMs?: number;
}

interface Failure {
  status: number;
  code: string;
  message: string;
  details?: unknown;
}

/** An error the finish hook throws for @tus/server: our body shape, as its text. */
function tusError(err: unknown, requestId: string) {
  const e = err instanceof AppError ? err : undefined;
  const status = e?.statusCode ?? 500;
  const body = JSON.stringify({
    error: e?.code ?? 'internal_error',
    message: e?.message ?? 'internal server error',
    request_id: requestId,
    ...(e?.details !== undefined && { details: e.details }),
  });
  return Object.assign(new Error(e?.message ?? 'ingest failed'), { status_code: status, body });
}

/**
 * Resumable uploads (tus 1.0): authorisation and guards before tus sees a request, then
 * @tus/server with a file store under the media root's temporary area, and on the last byte
 * the same ingest as a multipart upload. The owner and station are recorded with the upload,
 * so every later request about it is checked against them.
 */
export function createUploadsService(d: UploadsDeps) {
  const expiryMs = d.expiryMs ?? UPLOAD_EXPIRY_MS;
  const files = createUploadFiles(join(tmpDir(d.mediaRoot), 'tus'));
  // The web Request handed to tus → the caller it came from (the finish hook needs the caller).
  const callers = new WeakMap<Request, RequestCtx>();
  // One ingest per upload at a time: the final PATCH and a GET of its media may race.
  const ingests = new Map<string, Promise<Media>>();
  let tus: Server | undefined;

  // Built on first use: FileStore creates its directory in its constructor, and a server
  // that never received an upload leaves nothing under the media root's .tmp.
  function server(): Server {
    tus ??= new Server({
      path: UPLOADS_PATH,
      relativeLocation: true,
      maxSize: d.media.maxUploadBytes,
      namingFunction: () => randomUUID(),
      disableTerminationForFinishedUploads: true,
      exposedHeaders: ['X-Media-Id', 'X-Request-Id'],
      datastore: new FileStore({
        directory: files.directory,
        expirationPeriodInMilliseconds: expiryMs,
      }),
      onUploadFinish: async (req, upload) => {
        const caller = callers.get(req);
        if (!caller) throw tusError(undefined, '');
        try {
          const media = await finish(caller, upload.id);
          return { headers: { 'X-Media-Id': media.id } };
        } catch (err) {
          throw tusError(err, caller.requestId);
        }
      },
    });
    return tus;
  }

  async function record(info: UploadInfo, extra: Record<string, string>): Promise<void> {
    await files.writeInfo({ ...info, metadata: { ...info.metadata, ...extra } });
  }

  async function ingestOnce(caller: RequestCtx, id: string): Promise<Media> {
    const info = await files.readInfo(id);
    if (!info) throw notFound('upload');
    const meta = info.metadata ?? {};
    if (meta.media_id) return d.media.get(caller, meta.media_id);
    if (meta.failure) {
      const f = JSON.parse(meta.failure) as Failure;
      throw new AppError(f.status, f.code, f.message, f.details);
    }
    const received = (await files.received(id)) ?? 0;
    if (info.size === undefined || received !== info.size)
      throw conflict('upload_incomplete', `${received} of ${info.size ?? '?'} bytes received`, {
        offset: received,
        length: info.size ?? null,
      });
    const { filename, fields } = ingestInput(meta);
    try {
      const media = await d.media.ingestFile(caller, {
        path: files.dataPath(id),
        clientFilename: filename,
        fields,
      });
      await record(info, { media_id: media.id });
      return media;
    } catch (err) {
      // The file is gone either way (ingestFile removes a refused one); the reason stays, so
      // asking again gives the same answer instead of a puzzling 404.
      const e = err instanceof AppError ? err : undefined;
      const failure: Failure = {
        status: e?.statusCode ?? 500,
        code: e?.code ?? 'internal_error',
        message: e?.message ?? 'internal server error',
        ...(e?.details !== undefined && { details: e.details }),
      };
      await record(info, { failure: JSON.stringify(failure) });
      throw err;
    }
  }

  function finish(caller: RequestCtx, id: string): Promise<Media> {
    const running = ingests.get(id);
    if (running) return running;
    const p = ingestOnce(caller, id).finally(() => ingests.delete(id));
    ingests.set(id, p);
    return p;
  }

  /** The caller's own upload, or 404: another user's upload does not exist for them. */
  async function own(caller: RequestCtx, id: string): Promise<UploadInfo & { station: string }> {
    const info = await files.readInfo(id);
    const meta = info?.metadata;
    if (!info || meta?.owner !== caller.principal.userId || !meta.station_id)
      throw notFound('upload');
    return { ...info, station: meta.station_id };
  }

  return {
    /**
     * Checks a creation request and returns the Upload-Metadata to store: the client's fields
     * (validated as a multipart upload's are) with the owner added. 400/413 for bad metadata or
     * length, 403 without the DJ role on the station, 507 when the media disk is short.
     */
    async authorizeCreate(
      caller: RequestCtx,
      h: { metadata: string | undefined; length: string | undefined },
    ): Promise<string> {
      const { fields } = parseUploadMetadata(h.metadata);
      const station = fields.station_id.toLowerCase();
      await d.access.requireStation(caller.principal, station, 'dj');
      requireLength(h.length, d.media.maxUploadBytes);
      await d.media.checkUpload(caller, station);
      const stored = storedMetadata(h.metadata ?? '', caller.principal.userId, station);
      return Object.entries(stored)
        .map(([k, v]) => `${k} ${Buffer.from(v, 'utf8').toString('base64')}`)
        .join(',');
    },

    /** HEAD/PATCH/DELETE of an upload: its owner, still a DJ of its station (+ disk to write). */
    async authorizeAccess(caller: RequestCtx, id: string, writing: boolean): Promise<void> {
      const { station } = await own(caller, id);
      if (writing) await d.media.checkUpload(caller, station);
      else await d.access.requireStation(caller.principal, station, 'dj');
    },

    /** Hands an authorised request to tus; the finish hook ingests with the same caller. */
    handle(caller: RequestCtx, request: Request): Promise<Response> {
      callers.set(request, caller);
      return server().handleWeb(request);
    },

    /** OPTIONS: what this tus server supports (no caller, no upload). */
    handleOptions: (request: Request): Promise<Response> => server().handleWeb(request),

    /** The media item an upload became (ingesting it now if its last response was lost). */
    async media(caller: RequestCtx, id: string): Promise<Media> {
      await own(caller, id);
      return finish(caller, id);
    },

    /** Start-up and hourly housekeeping: uploads past their expiry. */
    sweep: (): Promise<number> => files.sweep(d.clock.now(), expiryMs),
  };
}
export type UploadsService = ReturnType<typeof createUploadsService>;
