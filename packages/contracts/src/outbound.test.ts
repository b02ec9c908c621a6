import { describe, expect, it } from 'vitest';
import { OutboundAllowListSchema, outboundAllowed, type OutboundPolicy } from './outbound.js';

const policy = (allow = '', ownPorts: number[] = [8080]): OutboundPolicy => ({
  allow: OutboundAllowListSchema.parse(allow),
  ownPorts,
  localAddresses: ['192.0.2.10'],
});
const allowed = (p: OutboundPolicy, address: string, port = 8000, host = address) =>
  outboundAllowed(p, { host, address, port });

describe('outbound policy', () => {
  it.each([
    ['127.0.0.1'],
    ['127.8.9.10'],
    ['::1'],
    ['10.1.2.3'],
    ['172.16.0.1'],
    ['192.168.1.1'],
    ['fd12:3456::1'],
    ['fd00:ec2::254'],
    ['169.254.169.254'],
    ['fe80::1'],
    ['100.64.0.1'],
    ['0.0.0.0'],
    ['::'],
    ['224.0.0.1'],
    ['ff02::1'],
    ['255.255.255.255'],
    ['::ffff:127.0.0.1'],
    ['::ffff:169.254.169.254'],
    ['2002:7f00:1::1'],
    ['64:ff9b::a00:1'],
    ['not an address'],
  ])('refuses %s by default', (address) => {
    expect(allowed(policy(), address)).toBe(false);
  });

  it.each([['93.184.216.34'], ['2606:4700::1111'], ['64:ff9b::5db8:d822']])(
    'allows public %s',
    (address) => expect(allowed(policy(), address)).toBe(true),
  );

  it('opens ranges, addresses and names the operator lists, port by port when given', () => {
    const p = policy('10.0.0.0/8, 127.0.0.1:8000, icecast.internal, [::1]:9000');
    expect(allowed(p, '10.9.8.7', 1234)).toBe(true);
    expect(allowed(p, '127.0.0.1', 8000)).toBe(true);
    expect(allowed(p, '127.0.0.1', 8001)).toBe(false);
    expect(allowed(p, '::1', 9000)).toBe(true);
    expect(allowed(p, '172.18.0.5', 8000, 'icecast.internal')).toBe(true);
    expect(allowed(p, '172.18.0.5', 8000, 'other.internal')).toBe(false);
  });

  it("keeps the instance's own ports closed on its own addresses unless named with the port", () => {
    expect(allowed(policy('127.0.0.0/8'), '127.0.0.1', 8080)).toBe(false);
    expect(allowed(policy('192.0.2.0/24'), '192.0.2.10', 8080)).toBe(false);
    expect(allowed(policy('192.0.2.0/24'), '192.0.2.11', 8080)).toBe(true);
    expect(allowed(policy('127.0.0.1:8080'), '127.0.0.1', 8080)).toBe(true);
  });

  it('names every bad allow-list entry', () => {
    const r = OutboundAllowListSchema.safeParse('10.0.0.0/8, not_a host!, 1.2.3.4:99999');
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toEqual([
      expect.stringContaining('"not_a host!"'),
      expect.stringContaining('"1.2.3.4:99999"'),
    ]);
    expect(OutboundAllowListSchema.parse(undefined)).toEqual([]);
  });
});
