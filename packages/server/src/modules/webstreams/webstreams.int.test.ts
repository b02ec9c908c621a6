import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../infra/clock.js';
import { bearer, buildTestApp, type TestApp } from '../../test-support/app.js';
import { createOutboundFence, type Resolver } from '@grimnir/engine-client';
import { OutboundAllowListSchema } from '@grimnir/contracts';
import { createWebstreamHealth } from './webstream-health.js';
import { streamProbe } from './webstream-probe.js';
import { createWebstreamsRepository } from './webstreams.repository.js';

let t: TestApp;
const servers: http.Server[] = [];
afterEach(async () => {
  await t.close();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

const NOW = '2026-06-01T10:00:00.000Z';

async function call(token: string, method: string, url: string, payload?: object) {
  return t.app.inject({
    method: method as 'GET',
    url,
    headers: bearer(token),
    ...(payload && { payload }),
  });
}

async function roles() {
  const admin = await t.adminToken();
  const station = await t.makeStation(admin);
  const users = {
    // Global roles cap station roles: give each the global role it holds on the station.
    manager: await t.makeUser({ role: 'manager' }),
    dj: await t.makeUser({ role: 'dj' }),
    viewer: await t.makeUser({ role: 'viewer' }),
    outsider: await t.makeUser({ role: 'manager' }),
  };
  await t.addMember(station.id, users.manager.id, 'manager');
  await t.addMember(station.id, users.dj.id, 'dj');
  await t.addMember(station.id, users.viewer.id, 'viewer');
  return { admin, station, users };
}

/** A stream server: /live answers 200 with MPEG bytes, everything else 404. */
async function streamServer(): Promise<string> {
  const srv = http.createServer((req, res) => {
    if (req.url !== '/live') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'audio/mpeg' });
    res.write(Buffer.alloc(4096, 0xff));
  });
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
}

describe('webstreams API', () => {
  it('managers edit, DJs and viewers read, outsiders see nothing; mutations are audited', async () => {
    t = await buildTestApp({ clock: manualClock(NOW) });
    const { admin, station, users } = await roles();
    const body = {
      station_id: station.id,
      name: 'Network news',
      urls: ['HTTP://News.Example:80/live', 'https://backup.example/live.aac'],
    };
    for (const who of ['dj', 'viewer', 'outsider'] as const)
      expect((await call(users[who].token, 'POST', '/api/v1/webstreams', body)).statusCode).toBe(
        403,
      );
    const created = await call(users.manager.token, 'POST', '/api/v1/webstreams', body);
    expect(created.statusCode).toBe(201);
    const ws = created.json();
    expect(ws).toMatchObject({
      station_id: station.id,
      name: 'Network news',
      urls: ['http://news.example/live', 'https://backup.example/live.aac'],
      active: true,
      last_checked_at: null,
      last_ok_url: null,
      last_error: null,
    });
    for (const who of ['dj', 'viewer'] as const) {
      expect((await call(users[who].token, 'GET', `/api/v1/webstreams/${ws.id}`)).json()).toEqual(
        ws,
      );
      const list = await call(
        users[who].token,
        'GET',
        `/api/v1/webstreams?station_id=${station.id}`,
      );
      expect(list.json()).toEqual([ws]);
      const patch = await call(users[who].token, 'PATCH', `/api/v1/webstreams/${ws.id}`, {
        name: 'x',
      });
      expect(patch.statusCode).toBe(403);
      expect(
        (await call(users[who].token, 'DELETE', `/api/v1/webstreams/${ws.id}`)).statusCode,
      ).toBe(403);
    }
    expect(
      (await call(users.outsider.token, 'GET', `/api/v1/webstreams/${ws.id}`)).statusCode,
    ).toBe(403);
    const listOut = await call(
      users.outsider.token,
      'GET',
      `/api/v1/webstreams?station_id=${station.id}`,
    );
    expect(listOut.statusCode).toBe(403);
    const patched = await call(users.manager.token, 'PATCH', `/api/v1/webstreams/${ws.id}`, {
      urls: ['https://backup.example/live.aac'],
      active: false,
    });
    expect(patched.json()).toMatchObject({
      urls: ['https://backup.example/live.aac'],
      active: false,
    });
    expect(
      (await call(users.manager.token, 'DELETE', `/api/v1/webstreams/${ws.id}`)).statusCode,
    ).toBe(204);
    const gone = await call(admin, 'GET', `/api/v1/webstreams/${ws.id}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ error: 'not_found', request_id: expect.any(String) });
    const audit = await t.services.audit.list({ stationId: station.id, limit: 10 });
    // The manual clock gives every entry the same time: compare the set, not the order.
    const mine = audit.filter((a) => a.target_id === ws.id);
    expect(mine.map((a) => a.action).sort()).toEqual([
      'webstream.create',
      'webstream.delete',
      'webstream.update',
    ]);
    expect(mine.every((a) => a.user_id === users.manager.id)).toBe(true);
  });

  it('refuses non-http(s) URLs and empty lists with the error shape', async () => {
    t = await buildTestApp({ clock: manualClock(NOW) });
    const { admin, station } = await roles();
    for (const urls of [
      [],
      ['file:///etc/passwd'],
      ['ftp://x.example/a'],
      ['http://ok.example/', 'not a url'],
      ['javascript:alert(1)'],
      Array.from({ length: 11 }, (_, i) => `http://x.example/${i}`),
    ]) {
      const res = await call(admin, 'POST', '/api/v1/webstreams', {
        station_id: station.id,
        name: 'Bad',
        urls,
      });
      expect(res.statusCode, JSON.stringify(urls)).toBe(400);
      expect(res.json()).toMatchObject({
        error: 'validation_error',
        message: expect.any(String),
        request_id: expect.any(String),
      });
    }
  });

  it('never echoes URL credentials, and keeps them when a redacted URL is sent back', async () => {
    t = await buildTestApp({ clock: manualClock(NOW) });
    const { admin, station } = await roles();
    const created = await call(admin, 'POST', '/api/v1/webstreams', {
      station_id: station.id,
      name: 'Private',
      urls: ['https://relay:s3cret@private.example/live', 'https://public.example/live'],
    });
    expect(created.statusCode).toBe(201);
    expect(created.body).not.toContain('s3cret');
    const ws = created.json();
    expect(ws.urls).toEqual(['https://***@private.example/live', 'https://public.example/live']);
    // The client sends back what it got, reordered: the stored credentials stay.
    const reordered = await call(admin, 'PATCH', `/api/v1/webstreams/${ws.id}`, {
      urls: [ws.urls[1], ws.urls[0]],
    });
    expect(reordered.statusCode).toBe(200);
    expect(reordered.body).not.toContain('s3cret');
    const repo = createWebstreamsRepository(t.database.db);
    expect((await repo.findById(ws.id))?.urls).toEqual([
      'https://public.example/live',
      'https://relay:s3cret@private.example/live',
    ]);
    const unknown = await call(admin, 'PATCH', `/api/v1/webstreams/${ws.id}`, {
      urls: ['https://***@other.example/live'],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ error: 'bad_request', request_id: expect.any(String) });
    const audit = await t.services.audit.list({ stationId: station.id, limit: 10 });
    expect(JSON.stringify(audit)).not.toContain('s3cret');
  });

  it('schedule entries must name a webstream of the same station', async () => {
    t = await buildTestApp({ clock: manualClock(NOW) });
    const { admin, station } = await roles();
    const other = await t.makeStation(admin);
    const mk = async (stationId: string) =>
      (
        await call(admin, 'POST', '/api/v1/webstreams', {
          station_id: stationId,
          name: 'Relay',
          urls: ['http://relay.example/live'],
        })
      ).json().id as string;
    const mine = await mk(station.id);
    const theirs = await mk(other.id);
    const entry = (id: string, hour: number) =>
      call(admin, 'POST', '/api/v1/schedule', {
        station_id: station.id,
        starts_at: `2026-06-02T${hour}:00:00Z`,
        ends_at: `2026-06-02T${hour + 1}:00:00Z`,
        source: { type: 'webstream', id },
      });
    const foreign = await entry(theirs, 10);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().message).toContain('not part of this station');
    expect((await entry('no-such-relay', 11)).statusCode).toBe(400);
    expect((await entry(mine, 12)).statusCode).toBe(201);
  });

  it('the leader checks active webstreams: health fields and grimnir_webstream_up', async () => {
    // The stream server stands for a remote one on loopback: the operator allows it here.
    t = await buildTestApp({
      clock: manualClock(NOW),
      env: { GRIMNIR_OUTBOUND_ALLOW: '127.0.0.1' },
    });
    const { admin, station } = await roles();
    const base = await streamServer();
    const refused = 'http://127.0.0.1:1/live';
    const mk = async (name: string, urls: string[], active = true) =>
      (
        await call(admin, 'POST', '/api/v1/webstreams', {
          station_id: station.id,
          name,
          urls,
          active,
        })
      ).json().id as string;
    const failover = await mk('Failover', [
      refused,
      `http://dj:pw@127.0.0.1:${new URL(base).port}/live`,
    ]);
    const dead = await mk('Dead', [`${base}/missing`, refused]);
    const idle = await mk('Idle', [refused], false);
    const registry = new Registry();
    let leader = false;
    const health = createWebstreamHealth({
      repo: createWebstreamsRepository(t.database.db),
      leadership: { isLeader: () => leader },
      clock: manualClock(NOW),
      registry,
      log: { warn: () => undefined, error: () => undefined },
      timeoutMs: 2000,
      probe: streamProbe(t.services.outbound),
    });
    expect(await health.runOnce()).toBe(0);
    leader = true;
    expect(await health.runOnce()).toBe(2);
    const get = async (id: string) => (await call(admin, 'GET', `/api/v1/webstreams/${id}`)).json();
    const f = await get(failover);
    expect(f).toMatchObject({
      last_checked_at: NOW,
      last_ok_url: `http://***@127.0.0.1:${new URL(base).port}/live`,
    });
    // Refused, filtered and fenced all read the same: health fields cannot map ports.
    expect(f.last_error).toBe('http://127.0.0.1:1/live: unreachable');
    const d = await get(dead);
    expect(d).toMatchObject({ last_checked_at: NOW, last_ok_url: null });
    expect(d.last_error).toContain(`${base}/missing: HTTP 404`);
    expect(d.last_error).toContain('http://127.0.0.1:1/live: unreachable');
    expect((await get(idle)).last_checked_at).toBeNull();
    const up = await registry.getSingleMetric('grimnir_webstream_up')?.get();
    const byId = new Map(up?.values.map((v) => [v.labels['webstream_id'], v.value]));
    expect(Object.fromEntries(byId)).toEqual({ [failover]: 1, [dead]: 0 });
    // Deactivated: no longer checked, and gone from the gauge after the next full sweep.
    await call(admin, 'PATCH', `/api/v1/webstreams/${dead}`, { active: false });
    expect(await health.runOnce()).toBe(1);
    const gauge = async () =>
      (await registry.getSingleMetric('grimnir_webstream_up')?.get())?.values.map(
        (v) => v.labels['webstream_id'],
      );
    expect(await gauge()).toEqual([failover]);
    // A replica that lost the leadership stops exporting health it no longer refreshes.
    leader = false;
    expect(await health.runOnce()).toBe(0);
    expect(await gauge()).toEqual([]);
    await health.stop();
  });
});

describe('webstreams behind the outbound fence', () => {
  const internal = [
    'http://127.0.0.1:8000/live',
    'http://localhost/live',
    'http://[::1]/live',
    'http://10.0.0.5/live',
    'http://192.168.1.10:8000/live',
    'http://[fd00:ec2::254]/latest/meta-data/',
    'http://169.254.169.254/latest/meta-data/',
    'http://100.64.0.1/live',
    'http://0.0.0.0/live',
  ];

  it('refuses internal addresses when a webstream is saved, unless the operator allows them', async () => {
    t = await buildTestApp({ clock: manualClock(NOW) });
    const { admin, station } = await roles();
    const mk = (urls: string[]) =>
      call(admin, 'POST', '/api/v1/webstreams', { station_id: station.id, name: 'x', urls });
    for (const url of internal) {
      const r = await mk(['https://public.example/live', url]);
      expect(r.statusCode, url).toBe(400);
      expect(r.json()).toMatchObject({
        error: 'bad_request',
        message: 'the address is not reachable (outbound policy)',
      });
    }
    const ok = await mk(['https://public.example/live']);
    expect(ok.statusCode).toBe(201);
    const patch = await call(admin, 'PATCH', `/api/v1/webstreams/${ok.json().id}`, {
      urls: ['http://169.254.169.254/'],
    });
    expect(patch.statusCode).toBe(400);
    await t.close();
    t = await buildTestApp({
      clock: manualClock(NOW),
      env: { GRIMNIR_OUTBOUND_ALLOW: '10.0.0.0/8,127.0.0.1:8000' },
    });
    const r2 = await roles();
    for (const url of ['http://10.0.0.5/live', 'http://127.0.0.1:8000/live'])
      expect(
        (
          await call(r2.admin, 'POST', '/api/v1/webstreams', {
            station_id: r2.station.id,
            name: 'allowed',
            urls: [url],
          })
        ).statusCode,
        url,
      ).toBe(201);
  });

  it('health checks decide on the resolved address and re-check redirects', async () => {
    t = await buildTestApp({ clock: manualClock(NOW) });
    const { admin, station } = await roles();
    const base = await streamServer();
    const port = new URL(base).port;
    const hits: string[] = [];
    // "Public" names: the stub resolver sends them to loopback at connect time (rebinding);
    // the redirector is allowed by name and points at the internal stream server.
    const redirector = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(302, { location: `${base}/live` }).end();
    });
    servers.push(redirector);
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
    const rport = (redirector.address() as AddressInfo).port;
    const resolve: Resolver = (_host, done) => done(null, [{ address: '127.0.0.1', family: 4 }]);
    const fence = (allow: string) =>
      createOutboundFence({
        allow: OutboundAllowListSchema.parse(allow),
        ownPorts: [],
        resolve,
      });
    const mk = async (name: string, urls: string[]) =>
      (
        await call(admin, 'POST', '/api/v1/webstreams', { station_id: station.id, name, urls })
      ).json().id as string;
    const rebound = await mk('Rebound', [`http://stream.example:${port}/live`]);
    const redirected = await mk('Redirected', [`http://hop.example:${rport}/r`]);
    const round = async (allow: string) => {
      const health = createWebstreamHealth({
        repo: createWebstreamsRepository(t.database.db),
        leadership: { isLeader: () => true },
        clock: manualClock(NOW),
        registry: new Registry(),
        log: { warn: () => undefined, error: () => undefined },
        timeoutMs: 2000,
        probe: streamProbe(fence(allow)),
      });
      await health.runOnce();
      await health.stop();
      const get = async (id: string) =>
        (await call(admin, 'GET', `/api/v1/webstreams/${id}`)).json();
      return { rebound: await get(rebound), redirected: await get(redirected) };
    };
    const fenced = await round(`hop.example:${rport}`);
    expect(fenced.rebound).toMatchObject({
      last_ok_url: null,
      last_error: `http://stream.example:${port}/live: unreachable`,
    });
    // The redirector answered, its internal target was never opened.
    expect(fenced.redirected).toMatchObject({
      last_ok_url: null,
      last_error: `http://hop.example:${rport}/r: unreachable`,
    });
    expect(hits).toEqual(['/r']);
    // Allowing the names and loopback, the same resolver reaches the stream: the refusal
    // came from the fence, not from a server that was not there.
    const open = await round(`stream.example,hop.example,127.0.0.1`);
    expect(open.rebound.last_ok_url).toBe(`http://stream.example:${port}/live`);
    expect(open.redirected.last_ok_url).toBe(`http://hop.example:${rport}/r`);
  });
});
