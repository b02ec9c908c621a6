import { randomUUID } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import {
  MediaWaveformSchema,
  type Media,
  type MediaListQuery,
  type MediaListResponse,
  type MediaPatch,
  type MediaUploadFields,
  type MediaWaveform,
} from '@grimnir/contracts';
import type { Db } from '../../db/database.js';
import { AppError, conflict, notFound } from '../../errors.js';
import { decodeCursor, encodeCursor } from './media-cursor.js';
import { placeFile, readAudioMetadata, removeStored, writeSideFile } from './media-files.js';
import {
  absoluteMediaPath,
  cleanFilename,
  relativeMediaPath,
  relativeSidePath,
  titleFromFilename,
} from './media-paths.js';
import { receiveToTemp, type ReceivedFile } from './media-receive.js';
import { normaliseIsrc, type MediaTags } from './media-tags.js';
import {
  isUniqueViolation,
  type MediaRecord,
  type MediaRepository,
  type MediaUpdate,
} from './media.repository.js';

/** What a mutation records in the audit log; the route supplies who and from where. */
export interface MediaAuditEntry {
  readonly action: 'media.upload' | 'media.update' | 'media.delete';
  readonly stationId: string;
  readonly mediaId: string;
  readonly details: Record<string, unknown>;
}

export interface MediaServiceDeps {
  readonly db: Db;
  readonly repo: MediaRepository;
  readonly mediaRoot: string;
  readonly maxUploadBytes: number;
  readonly clock: { now(): Date };
  /** Writes one audit row inside the caller's transaction. */
  readonly audit: (trx: Db, entry: MediaAuditEntry) => Promise<void>;
  /**
   * Whether a schedule entry, queue item or playlist still plays this item. The schedule module
   * supplies the real check; until it exists nothing can be scheduled, so the default is false.
   */
  readonly isScheduled?: (mediaId: string) => Promise<boolean>;
}

export interface UploadInput {
  readonly received: ReceivedFile;
  readonly clientFilename: string | undefined;
  readonly fields: MediaUploadFields;
}

/** Peaks are written by the media engine's analysis beside the audio file. */
export const WAVEFORM_SUFFIX = 'peaks.json';

export function toWire(r: MediaRecord): Media {
  // Storage paths are server internals: listing them would tell clients the disk layout.
  const rest = Object.fromEntries(
    Object.entries(r).filter(([k]) => k !== 'storage_path' && k !== 'artwork_path'),
  ) as Omit<MediaRecord, 'storage_path' | 'artwork_path'>;
  return { ...rest, audio_url: `/api/v1/media/${r.id}/audio` };
}

/** Upload fields override the file's own tags; only fields the client sent count. */
function mergeTags(fromFile: MediaTags, f: MediaUploadFields): MediaTags {
  return {
    title: f.title ?? fromFile.title,
    artist: f.artist ?? fromFile.artist,
    album: f.album ?? fromFile.album,
    genre: f.genre ?? fromFile.genre,
    year: f.year ?? fromFile.year,
    track_number: f.track_number ?? fromFile.track_number,
    isrc: normaliseIsrc(f.isrc) ?? fromFile.isrc,
    bpm: f.bpm ?? fromFile.bpm,
    mood: f.mood ?? fromFile.mood,
    language: f.language ?? fromFile.language,
    label: f.label ?? fromFile.label,
    explicit: f.explicit ?? fromFile.explicit,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const duplicate = (existing: MediaRecord) =>
  conflict('duplicate_media', 'this file is already in the station library', {
    existing_id: existing.id,
  });

export function createMediaService(deps: MediaServiceDeps) {
  const { db, repo, mediaRoot } = deps;
  const isScheduled = deps.isScheduled ?? (() => Promise.resolve(false));

  async function requireMedia(id: string): Promise<MediaRecord> {
    const m = await repo.findById(id);
    if (!m) throw notFound('media');
    return m;
  }

  /** Stores a received file: duplicate check, tags, placement, row + audit in one transaction. */
  async function store(input: UploadInput): Promise<MediaRecord> {
    const { received, fields } = input;
    const stationId = fields.station_id.toLowerCase();
    const existing = await repo.findByHash(stationId, received.sha256);
    if (existing) throw duplicate(existing);
    const filename = cleanFilename(input.clientFilename);
    const meta = await readAudioMetadata(received.tmpPath, titleFromFilename(filename));
    const id = randomUUID();
    const storagePath = relativeMediaPath(stationId, id, received.audio.ext);
    const artworkPath = meta.picture
      ? relativeSidePath(stationId, id, `cover.${meta.picture.ext}`)
      : null;
    const placed: (string | null)[] = [];
    try {
      await placeFile(mediaRoot, received.tmpPath, storagePath);
      placed.push(storagePath);
      if (meta.picture && artworkPath) {
        await writeSideFile(mediaRoot, artworkPath, meta.picture.data);
        placed.push(artworkPath);
      }
      return await db.transaction().execute(async (trx) => {
        const record = await repo.insert(
          {
            ...mergeTags(meta.tags, fields),
            id,
            station_id: stationId,
            tags: fields.tags ?? [],
            duration_ms: meta.durationMs,
            original_filename: filename,
            storage_path: storagePath,
            mime_type: received.audio.mime,
            size_bytes: received.sizeBytes,
            content_hash: received.sha256,
            artwork_path: artworkPath,
            created_at: deps.clock.now().toISOString(),
          },
          trx,
        );
        await deps.audit(trx, {
          action: 'media.upload',
          stationId,
          mediaId: id,
          details: {
            title: record.title,
            size_bytes: record.size_bytes,
            content_hash: record.content_hash,
          },
        });
        return record;
      });
    } catch (err) {
      await removeStored(mediaRoot, placed);
      // A concurrent upload of the same bytes won the unique constraint between check and insert.
      if (isUniqueViolation(err)) {
        const winner = await repo.findByHash(stationId, received.sha256);
        if (winner) throw duplicate(winner);
      }
      throw err;
    }
  }

  return {
    requireMedia,
    toWire,
    maxUploadBytes: deps.maxUploadBytes,

    /** Streams an upload to a temporary file; the caller must `discard` it if it is not stored. */
    receive: (source: Readable): Promise<ReceivedFile> =>
      receiveToTemp(source, { mediaRoot, maxBytes: deps.maxUploadBytes }),

    discard: async (received: ReceivedFile | undefined): Promise<void> => {
      if (received) await rm(received.tmpPath, { force: true });
    },

    async upload(input: UploadInput): Promise<Media> {
      try {
        return toWire(await store(input));
      } finally {
        // After a successful store the rename has consumed the temporary file; force ignores that.
        await rm(input.received.tmpPath, { force: true });
      }
    },

    async list(q: MediaListQuery): Promise<MediaListResponse> {
      const rows = await repo.list({
        stationId: q.station_id.toLowerCase(),
        q: q.q,
        limit: q.limit + 1,
        after: q.cursor === undefined ? undefined : decodeCursor(q.cursor),
      });
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return {
        items: page.map(toWire),
        next_cursor:
          rows.length > q.limit && last
            ? encodeCursor({ createdAt: last.created_at, id: last.id })
            : null,
      };
    },

    async update(current: MediaRecord, patch: MediaPatch): Promise<Media> {
      const changes: MediaUpdate = {
        ...patch,
        ...(patch.isrc !== undefined && { isrc: normaliseIsrc(patch.isrc) }),
      };
      const updated = await db.transaction().execute(async (trx) => {
        const row = await repo.update(current.id, changes, deps.clock.now().toISOString(), trx);
        if (!row) throw notFound('media');
        await deps.audit(trx, {
          action: 'media.update',
          stationId: current.station_id,
          mediaId: current.id,
          details: { fields: Object.keys(patch) },
        });
        return row;
      });
      return toWire(updated);
    },

    async remove(current: MediaRecord): Promise<void> {
      if (await isScheduled(current.id))
        throw conflict('media_in_use', 'this item is scheduled; remove it from the schedule first');
      await db.transaction().execute(async (trx) => {
        const row = await repo.delete(current.id, trx);
        if (!row) throw notFound('media');
        await deps.audit(trx, {
          action: 'media.delete',
          stationId: current.station_id,
          mediaId: current.id,
          details: { title: current.title, content_hash: current.content_hash },
        });
      });
      // Files go after the commit: a failed delete must not leave a row pointing at nothing.
      await removeStored(mediaRoot, [
        current.storage_path,
        current.artwork_path,
        relativeSidePath(current.station_id, current.id, WAVEFORM_SUFFIX),
      ]);
    },

    async audioFile(m: MediaRecord): Promise<{ path: string; size: number }> {
      const path = absoluteMediaPath(mediaRoot, m.storage_path);
      try {
        return { path, size: (await stat(path)).size };
      } catch {
        throw new AppError(404, 'not_found', 'the audio file is missing from storage');
      }
    },

    async waveform(m: MediaRecord): Promise<MediaWaveform> {
      if (m.analysis_state === 'failed')
        throw conflict('analysis_failed', m.analysis_error ?? 'the analysis of this item failed');
      const path = absoluteMediaPath(
        mediaRoot,
        relativeSidePath(m.station_id, m.id, WAVEFORM_SUFFIX),
      );
      const raw =
        m.analysis_state === 'done'
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
