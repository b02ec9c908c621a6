import {
  closeAt,
  fallbackDrafts,
  mediaDraft,
  playlistDrafts,
  smartBlockDrafts,
  streamDraft,
  type Draft,
  type FillContext,
} from '../core/fill.js';
import type { Segment } from '../core/segments.js';

/**
 * Concrete drafts for one segment from `fromMs` (later than the segment start when part of it
 * already aired). Whatever the source leaves uncovered is filled from the fallback programme,
 * and the result always ends exactly at the segment end.
 */
export function materializeSegment(
  ctx: FillContext,
  seg: Segment,
  key: string,
  fromMs: number,
): Draft[] {
  const seed = `${ctx.seed}:${key}:${fromMs}`;
  const drafts = sourceDrafts(ctx, seg, key, fromMs, seed);
  const end = drafts.reduce((at, d) => Math.max(at, d.endMs), fromMs);
  if (end < seg.endMs - 1_000 && seg.content.type !== 'fallback') {
    drafts.push(...fallbackDrafts(ctx, end, seg.endMs, `${seed}:fb`));
  }
  return closeAt(ctx, drafts, fromMs, seg.endMs);
}

function sourceDrafts(
  ctx: FillContext,
  seg: Segment,
  key: string,
  fromMs: number,
  seed: string,
): Draft[] {
  const c = seg.content;
  const window = { startMs: fromMs, endMs: seg.endMs };
  switch (c.type) {
    case 'smart_block': {
      const rules = ctx.input.smartBlocks.get(c.id);
      if (rules === undefined) return [];
      return smartBlockDrafts(ctx, `#block:${c.id}`, rules, window, seed, 'smart_block', c.id);
    }
    case 'playlist': {
      const playlist = ctx.input.playlists.get(c.id);
      return playlist ? playlistDrafts(ctx, playlist, fromMs, seg.endMs, seed, 'playlist') : [];
    }
    case 'media':
    case 'hard_item': {
      const track = ctx.byId.get(c.type === 'media' ? c.id : c.mediaId);
      // A hard item whose start already passed is not replayed late.
      if (track === undefined || (c.type === 'hard_item' && fromMs > seg.startMs)) return [];
      return [mediaDraft(track, fromMs, c.type, { sourceId: track.id })];
    }
    case 'stopset':
      return stopsetDrafts(ctx, c.mediaIds, fromMs);
    case 'webstream':
      return [streamDraft('webstream', seg, fromMs, c.id, null)];
    case 'live':
      return [streamDraft('live', seg, fromMs, null, c.label)];
    case 'fallback':
      return fallbackDrafts(ctx, fromMs, seg.endMs, `${seed}:${key}`);
  }
}

function stopsetDrafts(ctx: FillContext, mediaIds: readonly string[], fromMs: number): Draft[] {
  const out: Draft[] = [];
  let cursor = fromMs;
  for (const id of mediaIds) {
    const track = ctx.byId.get(id);
    if (track === undefined) continue;
    const draft = mediaDraft(track, cursor, 'stopset', { sourceId: id });
    out.push(draft);
    cursor = draft.endMs;
  }
  return out;
}
