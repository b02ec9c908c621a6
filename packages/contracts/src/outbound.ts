import ipaddr from 'ipaddr.js';
import { z } from 'zod';

// The outbound fence's policy (issue 11 item 4): which resolved addresses the control plane and
// the engine may open connections to (webstreams, their health checks, Icecast targets). Pure
// and browser-safe, so both processes (and a console) decide the same way; the socket glue that
// applies it at connect time lives in @grimnir/engine-client (outbound-fence.ts).

/** One `GRIMNIR_OUTBOUND_ALLOW` entry: a CIDR, an address or a host name, each with an optional port. */
export type OutboundAllowEntry =
  | { kind: 'cidr'; network: string; bits: number; port: number | null }
  | { kind: 'host'; host: string; port: number | null };

export interface OutboundPolicy {
  readonly allow: readonly OutboundAllowEntry[];
  /** Ports this instance listens on: refused on its own addresses unless named with their port. */
  readonly ownPorts: readonly number[];
  /** Addresses of this machine (loopback and interfaces), where the own ports are reachable. */
  readonly localAddresses: readonly string[];
}

/** The one message every refusal carries: no hint whether an internal port is open or closed. */
export const OUTBOUND_REFUSED = 'the address is not reachable (outbound policy)';

const HOST_RE =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

function splitPort(raw: string): { addr: string; port: number | null } | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(raw);
  if (bracketed) return { addr: bracketed[1] ?? '', port: toPort(bracketed[2]) };
  // A bare IPv6 address or CIDR has several colons and no port.
  if ((raw.match(/:/g) ?? []).length > 1) return { addr: raw, port: null };
  const [addr = '', port] = raw.split(':');
  if (port !== undefined && !/^\d{1,5}$/.test(port)) return undefined;
  return { addr, port: toPort(port) };
}

function toPort(p: string | undefined): number | null {
  if (p === undefined) return null;
  const n = Number(p);
  return n >= 1 && n <= 65_535 ? n : Number.NaN;
}

export function parseAllowEntry(raw: string): OutboundAllowEntry | undefined {
  const split = splitPort(raw.trim().toLowerCase());
  if (!split || Number.isNaN(split.port)) return undefined;
  const { addr, port } = split;
  if (ipaddr.isValidCIDR(addr)) {
    const [net, bits] = ipaddr.parseCIDR(addr);
    return { kind: 'cidr', network: net.toString(), bits, port };
  }
  if (ipaddr.isValid(addr)) {
    const ip = ipaddr.process(addr);
    return { kind: 'cidr', network: ip.toString(), bits: ip.kind() === 'ipv4' ? 32 : 128, port };
  }
  return HOST_RE.test(addr) ? { kind: 'host', host: addr, port } : undefined;
}

/** `GRIMNIR_OUTBOUND_ALLOW`: comma-separated; every bad entry is named. Empty means none. */
export const OutboundAllowListSchema = z
  .string()
  .default('')
  .transform((s, ctx) => {
    const entries: OutboundAllowEntry[] = [];
    for (const raw of s.split(',').map((e) => e.trim())) {
      if (raw === '') continue;
      const e = parseAllowEntry(raw);
      if (e) entries.push(e);
      else
        ctx.addIssue({
          code: 'custom',
          message: `"${raw}" is not a CIDR, address or host name (optionally with :port)`,
        });
    }
    return entries;
  });

/** Strips IPv6 brackets and zone ids and unmaps IPv4-mapped IPv6; undefined when not an IP literal. */
export function parseIp(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  return ipaddr.isValid(bare) ? ipaddr.process(bare) : undefined;
}

/**
 * Only globally routed unicast addresses are public: loopback, RFC 1918, ULA (fd00:ec2::254,
 * the AWS IPv6 metadata address, is one), link-local (169.254.169.254), CGNAT, unspecified,
 * multicast, broadcast and reserved ranges are not. Of the IPv6 forms that embed an IPv4
 * address, NAT64 (64:ff9b::/96) is judged by the embedded address; 6to4 and Teredo are refused
 * (2002:7f00:1:: would otherwise reach 127.0.0.1 through a relay).
 */
export function isPublicAddress(ip: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  if (ip.kind() === 'ipv4') return ip.range() === 'unicast';
  const v6 = ip as ipaddr.IPv6;
  if (v6.range() === 'rfc6052') {
    const p = v6.parts;
    const embedded = ipaddr.fromByteArray([
      (p[6] ?? 0) >> 8,
      (p[6] ?? 0) & 0xff,
      (p[7] ?? 0) >> 8,
      (p[7] ?? 0) & 0xff,
    ]);
    return embedded.range() === 'unicast';
  }
  return v6.range() === 'unicast';
}

function entryMatches(
  e: OutboundAllowEntry,
  target: { host: string; ip: ipaddr.IPv4 | ipaddr.IPv6; port: number },
): boolean {
  if (e.port !== null && e.port !== target.port) return false;
  if (e.kind === 'host') return e.host === target.host.toLowerCase().replace(/\.$/, '');
  const net = ipaddr.parse(e.network);
  return net.kind() === target.ip.kind() && target.ip.match(net, e.bits);
}

/**
 * Whether a connection to `address` (resolved, what the socket will really reach) for `host`
 * (the name asked for) on `port` may be opened. The instance's own ports on its own addresses
 * need an allow entry that names the port: a blanket `127.0.0.1` for a local Icecast must not
 * open the API or the engine's gRPC port to a webstream URL.
 */
export function outboundAllowed(
  policy: OutboundPolicy,
  target: { host: string; address: string; port: number },
): boolean {
  const ip = parseIp(target.address);
  if (!ip) return false;
  const t = { host: target.host, ip, port: target.port };
  const own =
    policy.ownPorts.includes(target.port) &&
    (ip.range() === 'loopback' ||
      ip.range() === 'unspecified' ||
      policy.localAddresses.some((a) => parseIp(a)?.toString() === ip.toString()));
  const entries = policy.allow.filter((e) => entryMatches(e, t));
  if (own) return entries.some((e) => e.port === target.port);
  return entries.length > 0 || isPublicAddress(ip);
}
