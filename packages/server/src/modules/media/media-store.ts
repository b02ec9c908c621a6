import { randomUUID } from 'node:crypto';
import type { Media, MediaUploadFields } from '@grimnir/contracts';
import type { Db } from '../../db/database.js';
import { conflict } from '../../errors.js';
import type { Clock } from '../../infra/clock.js';
import type { AuditLog } from '../audit/index.js';
import type { RequestCtx } from '../../plugins/route-helpers.js';
import { placeFile, readAudioMetadata, removeStored, writeSideFile } from './media-files.js';
import {
  cleanFilename,
  relativeMediaPath,
  relativeSidePath,
  titleFromFilename,
} from './media-paths.js';
import type { ReceivedFile } from './media-receive.js';
import { normaliseIsrc, type MediaTags } from './media-tags.js';
import { isUniqueViolation, type MediaRecord, type MediaRepository } from './media.repository.js';

/**
 * Turns a fully received temporary file into a library item: duplicate check, tags, atomic
 * placement under the media root, then the row and its audit entry in one transaction. Files
 * placed before a failure are removed again, so storage and database never disagree.
 */

export interface StoreDeps {
  readonly db: Db;
  readonly repo: MediaRepository;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly mediaRoot: string;
}

export interface UploadInput {
  readonly received: ReceivedFile;
  readonly clientFilename: string | undefined;
  readonly fields: MediaUploadFields;
}

/**
 * Record → wire object. Fields are copied one by one: storage paths are server internals and
 * must never reach a client, and an explicit literal is several times faster than filtering
 * entries, which matters on the 50-item library page.
 */
export function toWire(r: MediaRecord): Media {
  return {
    id: r.id,
    station_id: r.station_id,
    title: r.title,
    artist: r.artist,
    album: r.album,
    genre: r.genre,
    year: r.year,
    track_number: r.track_number,
    isrc: r.isrc,
    bpm: r.bpm,
    mood: r.mood,
    language: r.language,
    label: r.label,
    explicit: r.explicit,
    tags: r.tags,
    duration_ms: r.duration_ms,
    original_filename: r.original_filename,
    mime_type: r.mime_type,
    size_bytes: r.size_bytes,
    content_hash: r.content_hash,
    has_artwork: r.has_artwork,
    active: r.active,
    analysis_state: r.analysis_state,
    analysis_error: r.analysis_error,
    playout_state: r.playout_state,
    playout_failures: r.playout_failures,
    playout_error: r.playout_error,
    loudness_lufs: r.loudness_lufs,
    loudness_range_lu: r.loudness_range_lu,
    true_peak_dbtp: r.true_peak_dbtp,
    replaygain_db: r.replaygain_db,
    cue_in_ms: r.cue_in_ms,
    cue_out_ms: r.cue_out_ms,
    intro_ms: r.intro_ms,
    outro_ms: r.outro_ms,
    fade_in_ms: r.fade_in_ms,
    fade_out_ms: r.fade_out_ms,
    analyzed_at: r.analyzed_at,
    play_count: r.play_count,
    last_played_at: r.last_played_at,
    created_at: r.created_at,
    updated_at: r.updated_at,
    audio_url: `/api/v1/media/${r.id}/audio`,
  };
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

const duplicate = (existing: MediaRecord) =>
  conflict('duplicate_media', 'this file is already in the station library', {
    existing_id: existing.id,
  });

interface Placement {
  id: string;
  stationId: string;
  storagePath: string;
  artworkPath: string | null;
  meta: Awaited<ReturnType<typeof readAudioMetadata>>;
  filename: string;
}

/** Reads the file's tags and decides where it and its artwork will live. */
async function plan(input: UploadInput, stationId: string): Promise<Placement> {
  const filename = cleanFilename(input.clientFilename);
  const meta = await readAudioMetadata(input.received.tmpPath, titleFromFilename(filename));
  const id = randomUUID();
  return {
    id,
    stationId,
    filename,
    meta,
    storagePath: relativeMediaPath(stationId, id, input.received.audio.ext),
    artworkPath: meta.picture ? relativeSidePath(stationId, id, `cover.${meta.picture.ext}`) : null,
  };
}

/** The row and its audit entry, in one transaction: a library item is never unaudited. */
function insertRecord(
  d: StoreDeps,
  ctx: RequestCtx,
  input: UploadInput,
  p: Placement,
): Promise<MediaRecord> {
  const { received, fields } = input;
  return d.db.transaction().execute(async (tx) => {
    const record = await d.repo.insert(
      {
        ...mergeTags(p.meta.tags, fields),
        id: p.id,
        station_id: p.stationId,
        tags: fields.tags ?? [],
        duration_ms: p.meta.durationMs,
        original_filename: p.filename,
        storage_path: p.storagePath,
        mime_type: received.audio.mime,
        size_bytes: received.sizeBytes,
        content_hash: received.sha256,
        artwork_path: p.artworkPath,
        created_at: d.clock.now().toISOString(),
      },
      tx,
    );
    await d.audit.record(
      {
        userId: ctx.principal.userId,
        stationId: p.stationId,
        action: 'media.upload',
        targetType: 'media',
        targetId: p.id,
        details: {
          title: record.title,
          size_bytes: record.size_bytes,
          content_hash: record.content_hash,
        },
        requestId: ctx.requestId,
        ip: ctx.ip,
      },
      tx,
    );
    return record;
  });
}

export async function storeUpload(
  d: StoreDeps,
  ctx: RequestCtx,
  input: UploadInput,
): Promise<MediaRecord> {
  const { received } = input;
  const stationId = input.fields.station_id.toLowerCase();
  const existing = await d.repo.findByHash(stationId, received.sha256);
  if (existing) throw duplicate(existing);
  const p = await plan(input, stationId);
  const placed: string[] = [];
  try {
    await placeFile(d.mediaRoot, received.tmpPath, p.storagePath);
    placed.push(p.storagePath);
    if (p.meta.picture && p.artworkPath) {
      await writeSideFile(d.mediaRoot, p.artworkPath, p.meta.picture.data);
      placed.push(p.artworkPath);
    }
    return await insertRecord(d, ctx, input, p);
  } catch (err) {
    await removeStored(d.mediaRoot, placed);
    // A concurrent upload of the same bytes won the unique constraint between check and insert.
    if (isUniqueViolation(err)) {
      const winner = await d.repo.findByHash(stationId, received.sha256);
      if (winner) throw duplicate(winner);
    }
    throw err;
  }
}
