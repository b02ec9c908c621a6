import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundAllowListSchema } from '@grimnir/contracts';
import { createOutboundFence, UNREACHABLE, type Resolver } from './outbound-fence.js';

// Real sockets on 127.0.0.1 stand in for internal services; a stub resolver plays DNS, so a
// "public" name can be made to resolve to loopback at connect time (rebinding).

interface Hit {
  url: string;
  auth: string | undefined;
}
let target: http.Server;
let redirector: http.Server;
let targetPort: number;
let redirectorPort: number;
const hits: Hit[] = [];
let redirectTo = '';

const listen = async (s: http.Server) => {
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as AddressInfo).port;
};

beforeAll(async () => {
  target = http.createServer((req, res) => {
    hits.push({ url: `target${req.url}`, auth: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'audio/mpeg' }).end('audio');
  });
  redirector = http.createServer((req, res) => {
    hits.push({ url: `redirector${req.url}`, auth: req.headers.authorization });
    res.writeHead(302, { location: redirectTo }).end();
  });
  targetPort = await listen(target);
  redirectorPort = await listen(redirector);
});

afterAll(async () => {
  await new Promise((r) => target.close(r));
  await new Promise((r) => redirector.close(r));
});

const rebinding: Resolver = (host, done) =>
  host.endsWith('.example')
    ? done(null, [{ address: '127.0.0.1', family: 4 }])
    : done(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }), []);

const fence = (allow = '') =>
  createOutboundFence({
    allow: OutboundAllowListSchema.parse(allow),
    ownPorts: [],
    resolve: rebinding,
  });

async function get(f: ReturnType<typeof fence>, url: string) {
  hits.length = 0;
  const r = await f.open(url, { timeoutMs: 2000 });
  if (r.ok) r.res.resume();
  return r.ok ? 'ok' : r.error;
}

describe('outbound fence', () => {
  it('refuses loopback, private and metadata addresses before any connection', async () => {
    const f = fence();
    expect(await get(f, `http://127.0.0.1:${targetPort}/a`)).toBe(UNREACHABLE);
    expect(await get(f, `http://[::ffff:127.0.0.1]:${targetPort}/a`)).toBe(UNREACHABLE);
    expect(await get(f, 'http://10.0.0.1/a')).toBe(UNREACHABLE);
    expect(await get(f, 'http://169.254.169.254/latest/meta-data/')).toBe(UNREACHABLE);
    expect(await get(f, 'http://[fd00:ec2::254]/')).toBe(UNREACHABLE);
    expect(hits).toEqual([]);
  });

  it('answers alike for open and closed internal ports', async () => {
    const f = fence();
    const open = await get(f, `http://127.0.0.1:${targetPort}/`);
    const closed = await get(f, 'http://127.0.0.1:1/');
    expect(open).toBe(closed);
  });

  it('decides on the address resolved at connect time (DNS rebinding)', async () => {
    expect(await get(fence(), `http://stream.example:${targetPort}/live`)).toBe(UNREACHABLE);
    expect(hits).toEqual([]);
    // The same name through the same resolver connects once the operator allows loopback,
    // so the refusal above came from the socket's lookup, not from a failure to connect.
    expect(await get(fence('127.0.0.1'), `http://stream.example:${targetPort}/live`)).toBe('ok');
    expect(hits.map((h) => h.url)).toEqual(['target/live']);
  });

  it('re-checks every redirect hop', async () => {
    // The redirector is an allowed host; where it points is not.
    const f = fence(`allowed.example:${redirectorPort}`);
    for (const to of [
      `http://127.0.0.1:${targetPort}/secret`,
      `http://internal.example:${targetPort}/secret`,
      'http://169.254.169.254/latest/meta-data/',
    ]) {
      redirectTo = to;
      expect(await get(f, `http://allowed.example:${redirectorPort}/r`)).toBe(UNREACHABLE);
      expect(hits.map((h) => h.url)).toEqual(['redirector/r']);
    }
    redirectTo = 'file:///etc/passwd';
    expect(await get(f, `http://allowed.example:${redirectorPort}/r`)).toBe(UNREACHABLE);
  });

  it('sends URL credentials as Basic auth to their own origin only', async () => {
    const f = fence('127.0.0.1');
    redirectTo = `http://127.0.0.1:${targetPort}/moved`;
    expect(await get(f, `http://dj:s3cret@127.0.0.1:${redirectorPort}/r`)).toBe('ok');
    const basic = `Basic ${Buffer.from('dj:s3cret').toString('base64')}`;
    expect(hits).toEqual([
      { url: 'redirector/r', auth: basic },
      { url: 'target/moved', auth: undefined },
    ]);
  });
});
