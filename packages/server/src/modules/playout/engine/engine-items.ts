import { isAbsolute, join } from 'node:path';
import type { MediaForPlayout } from '../playout.repository.js';
import type { EngineItemSpec, ItemKind, ItemRef, UpcomingItem } from '../ports.js';

/**
 * Engine item ids carry where the item came from, so the director can rebuild its view from the
 * engine's status alone after a restart: `s:<scheduleItemId>:<mediaId>` (schedule),
 * `q:<queueId>:<mediaId>` (play-next queue), `e:<prioritySourceId>:<mediaId>` (emergency),
 * `f:<mediaId>:<mediaId>` (station fallback).
 */
export function itemId(kind: ItemKind, ref: string, mediaId: string): string {
  return `${kind}:${ref}:${mediaId}`;
}

export function parseItemId(id: string): ItemRef | undefined {
  const [kind, ref, mediaId, ...rest] = id.split(':');
  if (rest.length > 0 || ref === undefined || ref === '' || mediaId === undefined) return undefined;
  if (kind !== 's' && kind !== 'q' && kind !== 'e' && kind !== 'f') return undefined;
  return { kind, ref, mediaId };
}

export function mediaTitle(m: Pick<MediaForPlayout, 'title' | 'artist'>): string {
  return m.artist ? `${m.artist} - ${m.title}` : m.title;
}

function mediaPath(mediaRoot: string, storagePath: string): string {
  return isAbsolute(storagePath) ? storagePath : join(mediaRoot, storagePath);
}

/**
 * One media file as the engine plays it. Entry overrides (cue, fades) win over the item's own
 * cue points and fades (analysed or set in the library's editor, read at load time); `offsetMs` starts that far past the cue-in (a time-correct resume).
 */
export function engineItem(
  id: string,
  media: MediaForPlayout,
  mediaRoot: string,
  overrides: Partial<Pick<UpcomingItem, 'cueInMs' | 'cueOutMs' | 'fadeInMs' | 'fadeOutMs'>> = {},
  offsetMs = 0,
): EngineItemSpec {
  const cueIn = overrides.cueInMs ?? media.cue_in_ms ?? 0;
  const cueOut = overrides.cueOutMs ?? media.cue_out_ms ?? 0;
  const start = cueIn + Math.max(0, Math.round(offsetMs));
  return {
    id,
    path: mediaPath(mediaRoot, media.storage_path),
    title: mediaTitle(media),
    cueInMs: cueOut > 0 ? Math.min(start, Math.max(cueIn, cueOut - 1)) : start,
    cueOutMs: cueOut,
    fadeInMs: overrides.fadeInMs ?? media.fade_in_ms ?? 0,
    fadeOutMs: overrides.fadeOutMs ?? media.fade_out_ms ?? 0,
    loudnessLufs: media.loudness_lufs,
  };
}
