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
  r.delete('/api/v1/playlists/:id/items/:itemId', {
    schema: { tags, security, params: ItemParams, response: { 200: Playlist, ...errorResponses } },
    handler: (req) => s.removeItem(ctx(req), req.params.id, req.params.itemId),
  });
}
