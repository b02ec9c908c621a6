import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import geoip from 'geoip-country';

/**
 * What a listener session keeps of its client: never the address itself. `net` is the address
 * truncated to its network (IPv4 /24, IPv6 /48, as analytics tools anonymise); `hash` is a keyed
 * hash of the whole address, so one listener is one "unique" across mounts and reconnects while
 * the address cannot be recovered from the table (the key never leaves the process).
 */
interface ClientFacts {
  hash: string | null;
  net: string | null;
  country: string | null;
  userAgent: string | null;
}

const MAX_USER_AGENT = 255;

/** `::ffff:203.0.113.9` (IPv4 on a dual-stack socket) is the IPv4 address it carries. */
function plainAddress(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m?.[1] ?? address;
}

export function truncateAddress(address: string): string | null {
  const a = plainAddress(address);
  if (isIPv4(a)) return `${a.split('.').slice(0, 3).join('.')}.0/24`;
  if (!isIPv6(a)) return null;
  const [head = '', tail = ''] = a.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = a.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  const net = groups.slice(0, 3).map((g) => g.replace(/^0+(?=.)/, '').toLowerCase());
  return `${net.join(':')}::/48`;
}

/** ISO 3166 alpha-2 from the offline GeoLite2 country table; null for private or unknown. */
function countryOf(address: string): string | null {
  const a = plainAddress(address);
  if (!isIPv4(a) && !isIPv6(a)) return null;
  return geoip.lookup(a)?.country ?? null;
}

export function clientFacts(
  key: string,
  address: string,
  userAgent: string | undefined,
): ClientFacts {
  const a = plainAddress(address);
  const valid = isIPv4(a) || isIPv6(a);
  const ua = userAgent?.trim().slice(0, MAX_USER_AGENT) ?? '';
  return {
    hash: valid ? createHmac('sha256', key).update(a).digest('hex').slice(0, 32) : null,
    net: valid ? truncateAddress(a) : null,
    country: valid ? countryOf(a) : null,
    userAgent: ua === '' ? null : ua,
  };
}
