import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  AddPlaylistItemRequest,
  CreatePlaylistRequest,
  IdParams,
  Playlist,
  PlaylistItem,
  ReplacePlaylistItemsRequest,
  StationQuery,
  UpdatePlaylistRequest,
} from '@grimnir/contracts';
import { bearerSecurity, ctx, errorResponses, zodApp } from '../../../plugins/route-helpers.js';
import type { PlaylistsService } from './playlists.service.js';

const tags = ['programming'];
const ItemParams = z.object({ id: z.uuid(), itemId: z.uuid() });
const Format = z.enum(['m3u', 'pls']);
const ExportQuery = z.object({ format: Format.default('m3u') });
const ImportRequest = z.object({
  /** The file as text (UTF-8). */
  content: z.string().min(1).max(1_000_000),
  /** Omitted: a file starting with `[playlist]` is .pls, anything else .m3u. */
  format: Format.optional(),
  /** true: the matched tracks become the playlist; false: they are appended. */
  replace: z.boolean().default(false),
});
const ImportResponse = z.object({
  playlist: Playlist,
  format: Format,
  entries: z.number().int(),
  matched: z.number().int(),
  matched_by_path: z.number().int(),
  matched_by_tags: z.number().int(),
  unmatched: z.array(z.object({ line: z.number().int(), entry: z.string(), reason: z.string() })),
});
const PlaylistTracks = z.object({
  playlist_id: z.string(),
  /** What the items with a known length play, cues applied. */
  total_ms: z.number(),
  unknown_length_items: z.number().int(),
  items: z.array(
    PlaylistItem.extend({
      title: z.string().nullable(),
      artist: z.string().nullable(),
      album: z.string().nullable(),
      duration_ms: z.number().nullable(),
      played_ms: z.number().nullable(),
    }),
  ),
});

export function registerPlaylistRoutes(app: FastifyInstance, s: PlaylistsService): void {
  const r = zodApp(app);
  const security = bearerSecurity;
  r.get('/api/v1/playlists', {
    schema: {
      tags,
      security,
      querystring: StationQuery,
      response: { 200: z.array(Playlist), ...errorResponses },
    },
    handler: (req) => s.list(ctx(req), req.query.station_id),
  });
  r.post('/api/v1/playlists', {
    schema: {
      tags,
      security,
      body: CreatePlaylistRequest,
      response: { 201: Playlist, ...errorResponses },
    },
    handler: async (req, reply) => reply.status(201).send(await s.create(ctx(req), req.body)),
  });
  r.get('/api/v1/playlists/:id', {
    schema: { tags, security, params: IdParams, response: { 200: Playlist, ...errorResponses } },
    handler: (req) => s.get(ctx(req), req.params.id),
  });
  r.patch('/api/v1/playlists/:id', {
    schema: {
      tags,
      security,
      params: IdParams,
      body: UpdatePlaylistRequest,
      response: { 200: Playlist, ...errorResponses },
    },
    handler: (req) => s.update(ctx(req), req.params.id, req.body),
  });
  r.delete('/api/v1/playlists/:id', {
    schema: { tags, security, params: IdParams, response: { 204: z.null(), ...errorResponses } },
    handler: async (req, reply) => {
      await s.remove(ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  });
  r.get('/api/v1/playlists/:id/items', {
    schema: {
      tags,
      security,
      params: IdParams,
      response: { 200: z.array(PlaylistItem), ...errorResponses },
    },
    handler: async (req) => (await s.get(ctx(req), req.params.id)).items,
  });
  r.put('/api/v1/playlists/:id/items', {
    schema: {
      tags,
      security,
      params: IdParams,
      body: ReplacePlaylistItemsRequest,
      response: { 200: Playlist, ...errorResponses },
    },
    handler: (req) => s.replace(ctx(req), req.params.id, req.body.items),
  });
  r.post('/api/v1/playlists/:id/items', {
    schema: {
      tags,
      security,
      params: IdParams,
      body: AddPlaylistItemRequest,
      response: { 201: Playlist, ...errorResponses },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await s.addItem(ctx(req), req.params.id, req.body)),
  });
  r.get('/api/v1/playlists/:id/tracks', {
    schema: {
      tags,
      security,
      summary: 'The items with their tracks’ tags and lengths, and the total length',
      params: IdParams,
      response: { 200: PlaylistTracks, ...errorResponses },
    },
    handler: (req) => s.files.tracks(ctx(req), req.params.id),
  });
  r.get('/api/v1/playlists/:id/export', {
    schema: {
      tags,
      security,
      summary: 'The playlist as an .m3u or .pls file (entries named by uploaded file name)',
      params: IdParams,
      querystring: ExportQuery,
      response: {
        200: z.string().describe('the file (audio/x-mpegurl or audio/x-scpls)'),
        ...errorResponses,
      },
    },
    handler: async (req, reply) => {
      const f = await s.files.exportFile(ctx(req), req.params.id, req.query.format);
      return reply
        .header('content-type', `${f.mime}; charset=utf-8`)
        .header('content-disposition', `attachment; filename="${f.filename}"`)
        .send(f.content);
    },
  });
  r.post('/api/v1/playlists/:id/import', {
    schema: {
      tags,
      security,
      summary: 'Adds the tracks an .m3u or .pls file names; reports the entries matching none',
      params: IdParams,
      body: ImportRequest,
      response: { 200: ImportResponse, ...errorResponses },
    },
    handler: (req) => s.files.importFile(ctx(req), req.params.id, req.body),
  });
  r.delete('/api/v1/playlists/:id/items/:itemId', {
    schema: { tags, security, params: ItemParams, response: { 200: Playlist, ...errorResponses } },
    handler: (req) => s.removeItem(ctx(req), req.params.id, req.params.itemId),
  });
}
