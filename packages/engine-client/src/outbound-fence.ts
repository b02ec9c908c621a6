import dns from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import os from 'node:os';
import {
  outboundAllowed,
  parseIp,
  type OutboundAllowEntry,
  type OutboundPolicy,
} from '@grimnir/contracts/outbound';

// The socket glue of the outbound fence (policy: @grimnir/contracts outbound.ts). It lives here
// because both processes need it and this is the Node-only package both already depend on. The
// decision is taken on the address the socket is about to reach (a custom `lookup`, so a name
// that resolves to a public address at save time and to 127.0.0.1 at connect time is still
// refused) and again on every redirect hop.

/** `dns.lookup(host, { all: true })`; replaceable so tests can rebind names at the socket layer. */
export type Resolver = (
  host: string,
  done: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void,
) => void;

const systemResolver: Resolver = (host, done) => dns.lookup(host, { all: true }, done);

/** What a caller shows for any failure to reach a URL: closed, filtered and fenced look alike. */
export const UNREACHABLE = 'unreachable';

class OutboundRefused extends Error {
  readonly code = 'EOUTBOUND';
  constructor() {
    super(UNREACHABLE);
  }
}

type OpenResult =
  { ok: true; res: IncomingMessage; url: URL } | { ok: false; error: string; detail: string };

/** @public the declaration emit of the server's buildServices() names it. */
export interface OpenOptions {
  timeoutMs: number;
  headers?: Record<string, string>;
  maxRedirects?: number;
}

function localAddresses(): string[] {
  return Object.values(os.networkInterfaces()).flatMap((list) =>
    (list ?? []).map((i) => i.address),
  );
}

const defaultPort = (u: URL) => (u.protocol === 'https:' ? 443 : 80);

export function createOutboundFence(o: {
  allow: readonly OutboundAllowEntry[];
  ownPorts: readonly number[];
  resolve?: Resolver;
}) {
  const policy: OutboundPolicy = {
    allow: o.allow,
    ownPorts: o.ownPorts,
    localAddresses: localAddresses(),
  };
  const resolve = o.resolve ?? systemResolver;

  /** For `net.connect`/`http.get`: resolves, then keeps only addresses the policy allows. */
  function lookup(port: number): LookupFunction {
    return (hostname, options, callback) => {
      resolve(hostname, (err, all) => {
        if (err) return callback(err, '', 4);
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        const ok = all.filter(
          (a) =>
            (family === 0 || a.family === family) &&
            outboundAllowed(policy, { host: hostname, address: a.address, port }),
        );
        const first = ok[0];
        if (!first) return callback(new OutboundRefused(), '', 4);
        if (options.all) return callback(null, ok);
        callback(null, first.address, first.family);
      });
    };
  }

  /**
   * Whether `host:port` may be tried at all: a literal address is decided here (sockets skip
   * `lookup` for those); a name is decided by `lookup` when the socket resolves it.
   */
  function permits(host: string, port: number): boolean {
    const ip = parseIp(host);
    return ip === undefined || outboundAllowed(policy, { host, address: ip.toString(), port });
  }

  function once(url: URL, headers: Record<string, string>, timeoutMs: number) {
    const port = Number(url.port) || defaultPort(url);
    return new Promise<{ res: IncomingMessage } | { detail: string }>((resolveHop) => {
      if (!permits(url.hostname, port)) return resolveHop({ detail: 'outbound policy' });
      const get = url.protocol === 'https:' ? https.get : http.get;
      const req = get(url, { headers, lookup: lookup(port), agent: false }, (res) => {
        clearTimeout(timer);
        resolveHop({ res });
      });
      const timer = setTimeout(() => {
        resolveHop({ detail: `no answer within ${timeoutMs} ms` });
        req.destroy();
      }, timeoutMs);
      req.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolveHop({
          detail: err instanceof OutboundRefused ? 'outbound policy' : (err.code ?? err.message),
        });
      });
    });
  }

  /**
   * GET `raw`, following redirects by hand so every hop passes the fence. Credentials in the
   * URL become a Basic header built here and go only to the URL's own origin, never to a host
   * a redirect names. Resolves with the 2xx response (the caller owns its body) or a failure:
   * `error` is uniform for anything short of an HTTP answer, `detail` is for logs.
   */
  async function open(raw: string, opts: OpenOptions): Promise<OpenResult> {
    const deadline = Date.now() + opts.timeoutMs;
    const maxRedirects = opts.maxRedirects ?? 3;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return { ok: false, error: 'invalid URL', detail: 'invalid URL' };
    }
    const origin = url.origin;
    const auth =
      url.username !== '' || url.password !== ''
        ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
        : undefined;
    for (let hop = 0; hop <= maxRedirects; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return { ok: false, error: UNREACHABLE, detail: `scheme ${url.protocol}` };
      const headers = {
        ...opts.headers,
        ...(auth && url.origin === origin && { authorization: auth }),
      };
      const bare = new URL(url.href);
      bare.username = '';
      bare.password = '';
      const r = await once(bare, headers, Math.max(1, deadline - Date.now()));
      if ('detail' in r) return { ok: false, error: UNREACHABLE, detail: r.detail };
      const status = r.res.statusCode ?? 0;
      const location = r.res.headers.location;
      if (status >= 200 && status < 300) return { ok: true, res: r.res, url };
      r.res.destroy();
      if (status >= 300 && status < 400 && location) {
        url = new URL(location, url);
        continue;
      }
      return { ok: false, error: `HTTP ${status}`, detail: `HTTP ${status}` };
    }
    return { ok: false, error: `more than ${maxRedirects} redirects`, detail: 'redirects' };
  }

  return { policy, lookup, permits, open };
}
export type OutboundFence = ReturnType<typeof createOutboundFence>;
