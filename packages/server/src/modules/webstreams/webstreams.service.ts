import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  OUTBOUND_REFUSED,
  type CreateWebstreamRequest,
  type UpdateWebstreamRequest,
  type Webstream,
} from '@grimnir/contracts';
import type { OutboundFence } from '@grimnir/engine-client';
import { badRequest, notFound } from '../../errors.js';
import type { Clock } from '../../infra/clock.js';
import type { RequestCtx } from '../../plugins/route-helpers.js';
import type { AuditLog } from '../audit/index.js';
import type { StationAccess } from '../stations/index.js';
import type { Probe } from './webstream-probe.js';
import { redactUrl, restoreCredentials } from './webstream-urls.js';
import type { WebstreamRecord, WebstreamsRepository } from './webstreams.repository.js';

interface Deps {
  webstreams: WebstreamsRepository;
  access: StationAccess;
  audit: AuditLog;
  clock: Clock;
  outbound: Pick<OutboundFence, 'permits'>;
  /** Opens one URL for "test now" (the health loop's probe). */
  probe: Probe;
  /** Per URL, for "test now". */
  testTimeoutMs?: number;
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

/** `localhost` names never reach DNS: they are loopback by definition (RFC 6761). */
function literalHost(u: URL): string {
  const h = u.hostname.replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost') ? '127.0.0.1' : h;
}

/**
 * Refuses at save time what the fence would refuse anyway (internal addresses written as
 * such), so a manager learns it now rather than from a health field. Names are decided on
 * every connection instead: what they resolve to may change.
 */
function checkOutbound(fence: Deps['outbound'], urls: readonly string[]): void {
  const refused = urls.filter((raw) => {
    const u = new URL(raw);
    return !fence.permits(literalHost(u), Number(u.port) || (u.protocol === 'https:' ? 443 : 80));
  });
  if (refused.length > 0)
    throw badRequest(OUTBOUND_REFUSED, { refused_urls: refused.map(redactUrl) });
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
      checkOutbound(d.outbound, urls);
      await d.webstreams.insert({ id, ...body, urls }, now);
      const w = (await d.webstreams.findById(id)) as WebstreamRecord;
      await audit(ctx, w, 'webstream.create', summary(w));
      return webstreamOut(w);
    },
    async update(ctx: RequestCtx, id: string, patch: z.output<typeof UpdateWebstreamRequest>) {
      const before = await find(ctx, id, 'manager');
      const urls = patch.urls && completeUrls(patch.urls, before.urls);
      if (urls) checkOutbound(d.outbound, urls);
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
    /**
     * Opens every URL now (all at once, each bounded by the timeout) and records the result as
     * the health loop would: the first URL in failover order that answered is the one the
     * engine would play. Managers only: it makes the server connect out.
     */
    async test(ctx: RequestCtx, id: string) {
      const w = await find(ctx, id, 'manager');
      const timeoutMs = d.testTimeoutMs ?? 5_000;
      const results = await Promise.all(
        w.urls.map(async (url) => {
          const r = await d.probe(url, timeoutMs);
          return { url: redactUrl(url), ok: r.ok, error: r.ok ? null : r.error };
        }),
      );
      const okUrl = results.find((r) => r.ok)?.url ?? null;
      const errors = results.flatMap((r) => (r.error === null ? [] : [r.error]));
      const checkedAt = d.clock.now().toISOString();
      await d.webstreams.recordHealth(id, {
        checkedAt,
        okUrl,
        error: errors.length > 0 ? errors.join('; ').slice(0, 1000) : null,
      });
      return { webstream_id: id, checked_at: checkedAt, ok_url: okUrl, results };
    },
    async remove(ctx: RequestCtx, id: string) {
      const w = await find(ctx, id, 'manager');
      await d.webstreams.delete(id);
      await audit(ctx, w, 'webstream.delete', summary(w));
    },
  };
}
export type WebstreamsService = ReturnType<typeof createWebstreamsService>;
