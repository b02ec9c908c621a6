import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { CreateWebstreamRequest, UpdateWebstreamRequest, Webstream } from '@grimnir/contracts';
import { badRequest, notFound } from '../../errors.js';
import type { Clock } from '../../infra/clock.js';
import type { RequestCtx } from '../../plugins/route-helpers.js';
import type { AuditLog } from '../audit/index.js';
import type { StationAccess } from '../stations/index.js';
import { redactUrl, restoreCredentials } from './webstream-urls.js';
import type { WebstreamRecord, WebstreamsRepository } from './webstreams.repository.js';

interface Deps {
  webstreams: WebstreamsRepository;
  access: StationAccess;
  audit: AuditLog;
  clock: Clock;
}

/** What API clients see: credentials in URLs hidden, everywhere they could appear. */
function webstreamOut(w: WebstreamRecord): z.output<typeof Webstream> {
  return {
    ...w,
    urls: w.urls.map(redactUrl),
    last_ok_url: w.last_ok_url === null ? null : redactUrl(w.last_ok_url),
  };
}

function completeUrls(incoming: readonly string[], stored: readonly string[]): string[] {
  const r = restoreCredentials(incoming, stored);
  if (!r.ok)
    throw badRequest('a URL with hidden credentials (***) matches no stored URL', {
      unknown_urls: r.unknown,
    });
  return r.urls;
}

/** Managers edit webstreams (they point the station at outside audio); DJs and viewers read. */
export function createWebstreamsService(d: Deps) {
  async function find(ctx: RequestCtx, id: string, need: 'viewer' | 'manager') {
    const w = await d.webstreams.findById(id);
    if (!w) throw notFound('webstream');
    await d.access.requireStation(ctx.principal, w.station_id, need);
    return w;
  }

  const audit = (ctx: RequestCtx, w: WebstreamRecord, action: string, details = {}) =>
    d.audit.record({
      userId: ctx.principal.userId,
      stationId: w.station_id,
      action,
      targetType: 'webstream',
      targetId: w.id,
      details,
      requestId: ctx.requestId,
      ip: ctx.ip,
    });

  // Audit details carry the redacted URLs: the audit log is readable by admins, not secrets.
  const summary = (w: WebstreamRecord) => ({
    name: w.name,
    urls: w.urls.map(redactUrl),
    active: w.active,
  });

  return {
    async list(ctx: RequestCtx, stationId: string) {
      await d.access.requireStation(ctx.principal, stationId, 'viewer');
      return (await d.webstreams.listByStation(stationId)).map(webstreamOut);
    },
    async get(ctx: RequestCtx, id: string) {
      return webstreamOut(await find(ctx, id, 'viewer'));
    },
    async create(ctx: RequestCtx, body: z.output<typeof CreateWebstreamRequest>) {
      await d.access.requireStation(ctx.principal, body.station_id, 'manager');
      const id = randomUUID();
      const now = d.clock.now().toISOString();
      const urls = completeUrls(body.urls, []);
      await d.webstreams.insert({ id, ...body, urls }, now);
      const w = (await d.webstreams.findById(id)) as WebstreamRecord;
      await audit(ctx, w, 'webstream.create', summary(w));
      return webstreamOut(w);
    },
    async update(ctx: RequestCtx, id: string, patch: z.output<typeof UpdateWebstreamRequest>) {
      const before = await find(ctx, id, 'manager');
      const urls = patch.urls && completeUrls(patch.urls, before.urls);
      await d.webstreams.update(
        id,
        { ...patch, ...(urls && { urls }) },
        d.clock.now().toISOString(),
      );
      const after = (await d.webstreams.findById(id)) as WebstreamRecord;
      await audit(ctx, after, 'webstream.update', {
        before: summary(before),
        after: summary(after),
      });
      return webstreamOut(after);
    },
    async remove(ctx: RequestCtx, id: string) {
      const w = await find(ctx, id, 'manager');
      await d.webstreams.delete(id);
      await audit(ctx, w, 'webstream.delete', summary(w));
    },
  };
}
export type WebstreamsService = ReturnType<typeof createWebstreamsService>;
