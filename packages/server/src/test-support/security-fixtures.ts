import { randomUUID } from 'node:crypto';
import { createWebstreamsRepository } from '../modules/webstreams/index.js';
import { bearer, type TestApp } from './app.js';
import { insertMedia } from './programming-factories.js';
import { createUpload, tusMetadata } from './tus.js';

// Station A's objects of every kind and one call per scoped route that names them: shared by
// the security matrix (who may call) and the fuzz (what may be sent).

export interface Objects {
  station: string;
  media: string;
  block: string;
  playlist: string;
  playlistItem: string;
  clock: string;
  entry: string;
  show: string;
  webstream: string;
  mount: string;
  member: string;
  queueItem: string;
  apiKey: string;
  /** A resumable upload the admin started on A (owned by the admin). */
  upload: string;
}

const REPORT_RANGE = 'from=2026-11-01T00:00:00Z&to=2026-11-08T00:00:00Z';

export interface Call {
  url: string;
  body?: object;
}

/** Not station-scoped, with the reason; everything else needs a row in CALLS. */
export const UNSCOPED: Record<string, string> = {
  'GET /healthz': 'public health probe',
  'GET /stream/:mount': 'public listener stream',
  'GET /live/:mount': 'public listener stream',
  'GET /api/v1/public/now-playing': 'public by design (station must be public)',
  'GET /api/nowplaying': 'public by design (public stations only)',
  'GET /api/nowplaying/:station': 'public by design (station must be public)',
  'GET /api/nowplaying/:station/art': 'public by design (station must be public)',
  'GET /api/station/:station/art/:media':
    'public by design (station must be public, media its own)',
  'GET /api/station/:station/schedule': 'public by design (station must be public)',
  'GET /api/v1/public/events': 'public by design (station must be public)',
  'GET /status-json.xsl': 'public by design (public stations only)',
  'GET /public/:slug': 'public station page (station must be public)',
  'GET /public/:slug/embed': 'public widget (station must be public)',
  'GET /public/:slug/history': 'public widget (station must be public)',
  'GET /public/:slug/schedule': 'public widget (station must be public)',
  'POST /api/v1/auth/login': 'authentication',
  'POST /api/v1/auth/refresh': 'the caller’s own refresh token',
  'POST /api/v1/auth/logout': 'the caller’s own refresh token',
  'GET /api/v1/users/me': 'the caller itself',
  'GET /api/v1/api-keys': 'the caller’s own keys',
  'POST /api/v1/api-keys': 'creates a key for the caller',
  'GET /api/v1/stations': 'lists only visible stations (checked below)',
  'POST /api/v1/stations': 'creates a new station (no existing object)',
  'GET /api/v1/events': 'WebSocket; station filtering has its own tests',
  'GET /admin/metadata': 'Icecast-compatible, authenticated by the mount’s source password',
  'POST /api/v1/media/upload': 'multipart upload; authorisation before storage has its own tests',
  'POST /api/v1/media': 'multipart upload; authorisation before storage has its own tests',
  'POST /api/v1/uploads':
    'tus creation: station in Upload-Metadata; authorisation before storage has its own tests',
  'OPTIONS /api/v1/uploads': 'tus capability discovery (no data)',
  'GET /api/v1/openapi.json': 'public API document',
  'GET /*': 'the web console’s static files (no data; the API enforces access)',
  'GET /api/v1/live/ingest': 'the host and port DJ software connects to (no station data)',
};

const NOW = Date.now();
const soon = (h: number) => new Date(NOW + 30 * 86_400_000 + h * 3_600_000).toISOString();

export function calls(o: Objects): Record<string, Call> {
  const s = o.station;
  const q = `?station_id=${s}`;
  return {
    'DELETE /api/v1/api-keys/:id': { url: `/api/v1/api-keys/${o.apiKey}` },
    'GET /api/v1/users': { url: '/api/v1/users' },
    'POST /api/v1/users': {
      url: '/api/v1/users',
      body: {
        username: `x${randomUUID().slice(0, 8)}`,
        email: 'x@example.test',
        password: 'correct horse battery',
        role: 'admin',
      },
    },
    'GET /api/v1/users/:id': { url: `/api/v1/users/${o.member}` },
    'PATCH /api/v1/users/:id': { url: `/api/v1/users/${o.member}`, body: { role: 'viewer' } },
    'DELETE /api/v1/users/:id': { url: `/api/v1/users/${o.member}` },
    'GET /api/v1/stations/:id': { url: `/api/v1/stations/${s}` },
    'PATCH /api/v1/stations/:id': { url: `/api/v1/stations/${s}`, body: { name: 'Taken' } },
    'DELETE /api/v1/stations/:id': { url: `/api/v1/stations/${s}` },
    'GET /api/v1/stations/:id/mounts': { url: `/api/v1/stations/${s}/mounts` },
    'POST /api/v1/stations/:id/mounts': {
      url: `/api/v1/stations/${s}/mounts`,
      body: { name: `m${randomUUID().slice(0, 8)}` },
    },
    'PATCH /api/v1/stations/:id/mounts/:mountId': {
      url: `/api/v1/stations/${s}/mounts/${o.mount}`,
      body: { bitrate_kbps: 64 },
    },
    'DELETE /api/v1/stations/:id/mounts/:mountId': {
      url: `/api/v1/stations/${s}/mounts/${o.mount}`,
    },
    'GET /api/v1/stations/:id/members': { url: `/api/v1/stations/${s}/members` },
    'PUT /api/v1/stations/:id/members/:userId': {
      url: `/api/v1/stations/${s}/members/${o.member}`,
      body: { role: 'viewer' },
    },
    'DELETE /api/v1/stations/:id/members/:userId': {
      url: `/api/v1/stations/${s}/members/${o.member}`,
    },
    'GET /api/v1/smart-blocks': { url: `/api/v1/smart-blocks${q}` },
    'POST /api/v1/smart-blocks': {
      url: '/api/v1/smart-blocks',
      body: { station_id: s, name: 'x' },
    },
    'GET /api/v1/smart-blocks/:id': { url: `/api/v1/smart-blocks/${o.block}` },
    'PATCH /api/v1/smart-blocks/:id': {
      url: `/api/v1/smart-blocks/${o.block}`,
      body: { name: 'x' },
    },
    'DELETE /api/v1/smart-blocks/:id': { url: `/api/v1/smart-blocks/${o.block}` },
    'POST /api/v1/smart-blocks/:id/preview': {
      url: `/api/v1/smart-blocks/${o.block}/preview`,
      body: { duration_ms: 60_000 },
    },
    'GET /api/v1/playlists': { url: `/api/v1/playlists${q}` },
    'POST /api/v1/playlists': { url: '/api/v1/playlists', body: { station_id: s, name: 'x' } },
    'GET /api/v1/playlists/:id': { url: `/api/v1/playlists/${o.playlist}` },
    'PATCH /api/v1/playlists/:id': { url: `/api/v1/playlists/${o.playlist}`, body: { name: 'x' } },
    'DELETE /api/v1/playlists/:id': { url: `/api/v1/playlists/${o.playlist}` },
    'GET /api/v1/playlists/:id/items': { url: `/api/v1/playlists/${o.playlist}/items` },
    'PUT /api/v1/playlists/:id/items': {
      url: `/api/v1/playlists/${o.playlist}/items`,
      body: { items: [{ media_id: o.media }] },
    },
    'POST /api/v1/playlists/:id/items': {
      url: `/api/v1/playlists/${o.playlist}/items`,
      body: { media_id: o.media },
    },
    'GET /api/v1/playlists/:id/tracks': { url: `/api/v1/playlists/${o.playlist}/tracks` },
    'GET /api/v1/playlists/:id/export': { url: `/api/v1/playlists/${o.playlist}/export` },
    'POST /api/v1/playlists/:id/import': {
      url: `/api/v1/playlists/${o.playlist}/import`,
      body: { content: 'song-0.mp3\n' },
    },
    'DELETE /api/v1/playlists/:id/items/:itemId': {
      url: `/api/v1/playlists/${o.playlist}/items/${o.playlistItem}`,
    },
    'GET /api/v1/clocks': { url: `/api/v1/clocks${q}` },
    'POST /api/v1/clocks': {
      url: '/api/v1/clocks',
      body: {
        station_id: s,
        name: 'x',
        slots: [{ offset_ms: 0, type: 'smart_block', payload: { smart_block_id: o.block } }],
      },
    },
    'GET /api/v1/clocks/:id': { url: `/api/v1/clocks/${o.clock}` },
    'PATCH /api/v1/clocks/:id': { url: `/api/v1/clocks/${o.clock}`, body: { name: 'x' } },
    'DELETE /api/v1/clocks/:id': { url: `/api/v1/clocks/${o.clock}` },
    'POST /api/v1/clocks/:id/simulate': { url: `/api/v1/clocks/${o.clock}/simulate`, body: {} },
    'GET /api/v1/schedule': { url: `/api/v1/schedule${q}` },
    'POST /api/v1/schedule': {
      url: '/api/v1/schedule',
      body: { station_id: s, starts_at: soon(100), ends_at: soon(101), source: { type: 'live' } },
    },
    'GET /api/v1/schedule/entries': { url: `/api/v1/schedule/entries${q}` },
    'GET /api/v1/schedule/:id': { url: `/api/v1/schedule/${o.entry}` },
    'PATCH /api/v1/schedule/:id': { url: `/api/v1/schedule/${o.entry}`, body: { priority: 5 } },
    'DELETE /api/v1/schedule/:id': { url: `/api/v1/schedule/${o.entry}` },
    'POST /api/v1/schedule/refresh': { url: '/api/v1/schedule/refresh', body: { station_id: s } },
    'GET /api/v1/schedule/validate': { url: `/api/v1/schedule/validate${q}` },
    'GET /api/v1/schedule/fallback': { url: `/api/v1/schedule/fallback${q}` },
    'GET /api/v1/schedule/calendar': { url: `/api/v1/schedule/calendar${q}` },
    'PUT /api/v1/schedule/fallback': {
      url: '/api/v1/schedule/fallback',
      body: { station_id: s, source: { type: 'playlist', id: o.playlist } },
    },
    'GET /api/v1/shows': { url: `/api/v1/shows${q}` },
    'POST /api/v1/shows': {
      url: '/api/v1/shows',
      body: { station_id: s, name: 'x', starts_at: soon(200), duration_ms: 3_600_000 },
    },
    'GET /api/v1/shows/:id': { url: `/api/v1/shows/${o.show}` },
    'PATCH /api/v1/shows/:id': { url: `/api/v1/shows/${o.show}`, body: { name: 'x' } },
    'DELETE /api/v1/shows/:id': { url: `/api/v1/shows/${o.show}` },
    'POST /api/v1/shows/:id/split': {
      url: `/api/v1/shows/${o.show}/split`,
      body: { at: '2030-01-01T00:00:00Z' },
    },
    'GET /api/v1/webstreams': { url: `/api/v1/webstreams${q}` },
    'POST /api/v1/webstreams': {
      url: '/api/v1/webstreams',
      body: { station_id: s, name: 'x', urls: ['https://relay.example/x'] },
    },
    'GET /api/v1/webstreams/:id': { url: `/api/v1/webstreams/${o.webstream}` },
    'PATCH /api/v1/webstreams/:id': {
      url: `/api/v1/webstreams/${o.webstream}`,
      body: { name: 'x' },
    },
    'POST /api/v1/webstreams/:id/test': { url: `/api/v1/webstreams/${o.webstream}/test` },
    'DELETE /api/v1/webstreams/:id': { url: `/api/v1/webstreams/${o.webstream}` },
    'POST /api/v1/priority/emergency': {
      url: '/api/v1/priority/emergency',
      body: { station_id: s, media_id: o.media },
    },
    // No emergency is running on A (the engine is down in tests): an unknown id must not tell
    // a stranger more than a missing one.
    'DELETE /api/v1/priority/:id': { url: `/api/v1/priority/${randomUUID()}` },
    'GET /api/v1/priority/current': { url: `/api/v1/priority/current${q}` },
    'GET /api/v1/stations/:id/now-playing': { url: `/api/v1/stations/${s}/now-playing` },
    'POST /api/v1/playout/skip': { url: '/api/v1/playout/skip', body: { station_id: s } },
    'GET /api/v1/playout/queue': { url: `/api/v1/playout/queue${q}` },
    'POST /api/v1/playout/queue': {
      url: '/api/v1/playout/queue',
      body: { station_id: s, media_id: o.media },
    },
    'PUT /api/v1/playout/queue/order': {
      url: '/api/v1/playout/queue/order',
      body: { station_id: s, ids: [o.queueItem], previous_ids: [o.queueItem] },
    },
    'DELETE /api/v1/playout/queue/:id': { url: `/api/v1/playout/queue/${o.queueItem}` },
    'POST /api/v1/stations/:id/playout/stop': { url: `/api/v1/stations/${s}/playout/stop` },
    'POST /api/v1/stations/:id/playout/start': { url: `/api/v1/stations/${s}/playout/start` },
    'POST /api/v1/live/tokens': {
      url: '/api/v1/live/tokens',
      body: { station_id: s, mount_id: o.mount },
    },
    'GET /api/v1/live/sessions': { url: `/api/v1/live/sessions${q}` },
    // As with emergencies: no live session exists without a live source connected.
    'GET /api/v1/live/sessions/:id': { url: `/api/v1/live/sessions/${randomUUID()}` },
    'DELETE /api/v1/live/sessions/:id': { url: `/api/v1/live/sessions/${randomUUID()}` },
    'GET /api/v1/imports/folders': { url: `/api/v1/imports/folders${q}` },
    'POST /api/v1/imports': { url: '/api/v1/imports', body: { station_id: s, folder: 'music' } },
    'GET /api/v1/imports': { url: `/api/v1/imports${q}` },
    // Jobs live in the memory of the replica running them: none exists for another station here.
    'GET /api/v1/imports/:id': { url: `/api/v1/imports/${randomUUID()}` },
    'DELETE /api/v1/imports/:id': { url: `/api/v1/imports/${randomUUID()}` },
    'GET /api/v1/media': { url: `/api/v1/media${q}` },
    'GET /api/v1/media/:id': { url: `/api/v1/media/${o.media}` },
    'PATCH /api/v1/media/:id': { url: `/api/v1/media/${o.media}`, body: { title: 'Taken' } },
    'DELETE /api/v1/media/:id': { url: `/api/v1/media/${o.media}` },
    'POST /api/v1/media/:id/reanalyze': { url: `/api/v1/media/${o.media}/reanalyze` },
    'GET /api/v1/media/:id/audio': { url: `/api/v1/media/${o.media}/audio` },
    'GET /api/v1/media/:id/artwork': { url: `/api/v1/media/${o.media}/artwork` },
    'GET /api/v1/media/:id/waveform': { url: `/api/v1/media/${o.media}/waveform` },
    'GET /api/v1/media/duplicates': { url: `/api/v1/media/duplicates${q}` },
    'GET /api/v1/media/facets': { url: `/api/v1/media/facets${q}&field=artist` },
    'PATCH /api/v1/media': {
      url: '/api/v1/media',
      body: { station_id: s, ids: [o.media], add_tags: ['taken'] },
    },
    'GET /api/v1/stations/:id/outputs': { url: `/api/v1/stations/${s}/outputs` },
    'GET /api/v1/stations/:id/history': { url: `/api/v1/stations/${s}/history` },
    'GET /api/v1/reports/listeners': { url: `/api/v1/reports/listeners${q}&${REPORT_RANGE}` },
    'GET /api/v1/reports/breakdown': {
      url: `/api/v1/reports/breakdown${q}&by=country&${REPORT_RANGE}`,
    },
    'GET /api/v1/reports/plays': { url: `/api/v1/reports/plays${q}&${REPORT_RANGE}` },
    'GET /api/v1/reports/royalties': {
      url: `/api/v1/reports/royalties${q}&format=soundexchange&${REPORT_RANGE}`,
    },
    'POST /api/v1/stations/:id/members': {
      url: `/api/v1/stations/${s}/members`,
      body: { username: 'admin', role: 'viewer' },
    },
    'PATCH /api/v1/uploads/:id': { url: `/api/v1/uploads/${o.upload}` },
    'DELETE /api/v1/uploads/:id': { url: `/api/v1/uploads/${o.upload}` },
    'GET /api/v1/uploads/:id/media': { url: `/api/v1/uploads/${o.upload}/media` },
    'GET /api/v1/audit': { url: `/api/v1/audit${q}` },
    'GET /api/v1/audit/actions': { url: `/api/v1/audit/actions${q}` },
  };
}

export async function api(t: TestApp, method: string, url: string, token: string, body?: object) {
  return t.app.inject({
    method: method as 'GET',
    url,
    headers: bearer(token),
    ...(body !== undefined && { payload: body }),
  });
}

export async function makeObjects(t: TestApp, admin: string, stationId: string): Promise<Objects> {
  const json = async (method: string, url: string, body?: object) => {
    const res = await api(t, method, url, admin, body);
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json<Record<string, unknown> & { id: string }>();
  };
  const [media] = await insertMedia(t.database.db, stationId, [{}, {}]);
  // The factory's rows predate analysis states; the API answers only with a valid one.
  await t.database.db
    .updateTable('media')
    .set({ analysis_state: 'complete' })
    .where('station_id', '=', stationId)
    .execute();
  const block = await json('POST', '/api/v1/smart-blocks', { station_id: stationId, name: 'B' });
  const playlist = await json('POST', '/api/v1/playlists', {
    station_id: stationId,
    name: 'P',
    items: [{ media_id: media }],
  });
  const items = (await api(t, 'GET', `/api/v1/playlists/${playlist.id}/items`, admin)).json<
    { id: string }[]
  >();
  const clock = await json('POST', '/api/v1/clocks', {
    station_id: stationId,
    name: 'C',
    slots: [{ offset_ms: 0, type: 'smart_block', payload: { smart_block_id: block.id } }],
  });
  const entry = await json('POST', '/api/v1/schedule', {
    station_id: stationId,
    starts_at: soon(1),
    ends_at: soon(2),
    source: { type: 'live' },
  });
  const show = await json('POST', '/api/v1/shows', {
    station_id: stationId,
    name: 'S',
    starts_at: soon(3),
    duration_ms: 3_600_000,
  });
  const webstream = randomUUID();
  await createWebstreamsRepository(t.database.db).insert(
    {
      id: webstream,
      station_id: stationId,
      name: 'W',
      urls: ['https://relay.example/a'],
      active: true,
    },
    new Date().toISOString(),
  );
  const mounts = (await api(t, 'GET', `/api/v1/stations/${stationId}/mounts`, admin)).json<
    { id: string }[]
  >();
  const member = await t.makeUser({ role: 'manager' });
  await t.addMember(stationId, member.id, 'manager');
  const queued = await api(t, 'POST', '/api/v1/playout/queue', admin, {
    station_id: stationId,
    media_id: media,
  });
  const apiKey = await json('POST', '/api/v1/api-keys', { name: 'k' });
  const upload = await createUpload(
    t,
    bearer(admin),
    tusMetadata({ station_id: stationId, filename: 'a.mp3' }),
    1024,
  );
  if (upload.statusCode !== 201) throw new Error(`tus upload: ${upload.statusCode} ${upload.body}`);
  return {
    station: stationId,
    media: media!,
    block: block.id,
    playlist: playlist.id,
    playlistItem: items[0]?.id ?? randomUUID(),
    clock: clock.id,
    entry: entry.id,
    show: show.id,
    webstream,
    mount: mounts[0]?.id ?? randomUUID(),
    member: member.id,
    queueItem: queued.statusCode < 300 ? queued.json<{ id: string }>().id : randomUUID(),
    apiKey: apiKey.id,
    upload: (upload.headers.location as string).split('/').pop() as string,
  };
}
