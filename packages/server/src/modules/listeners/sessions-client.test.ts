import { describe, expect, it } from 'vitest';
import { clientFacts, truncateAddress } from './sessions-client.js';
import { relayListeners } from './sessions-relays.js';

describe('truncateAddress', () => {
  it.each([
    ['203.0.113.9', '203.0.113.0/24'],
    ['::ffff:203.0.113.9', '203.0.113.0/24'],
    ['2001:db8:85a3::8a2e:370:7334', '2001:db8:85a3::/48'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8:0::/48'],
    ['::1', '0:0:0::/48'],
    ['not an address', null],
  ])('%s → %s', (address, net) => expect(truncateAddress(address)).toBe(net));
});

describe('clientFacts', () => {
  it('hashes the whole address with the key, keeps the network, the country and the agent', () => {
    const a = clientFacts('k1', '81.2.69.160', ' VLC/3.0 ');
    expect(a).toMatchObject({ net: '81.2.69.0/24', country: 'GB', userAgent: 'VLC/3.0' });
    expect(a.hash).toMatch(/^[0-9a-f]{32}$/);
    expect(clientFacts('k1', '::ffff:81.2.69.160', undefined).hash).toBe(a.hash);
    expect(clientFacts('k2', '81.2.69.160', undefined).hash).not.toBe(a.hash);
    expect(clientFacts('k1', '81.2.69.161', undefined).hash).not.toBe(a.hash);
  });

  it('knows no country for private addresses and keeps agents short', () => {
    const f = clientFacts('k', '10.1.2.3', 'x'.repeat(1000));
    expect(f.country).toBeNull();
    expect(f.userAgent).toHaveLength(255);
    expect(clientFacts('k', 'garbage', '')).toEqual({
      hash: null,
      net: null,
      country: null,
      userAgent: null,
    });
  });
});

describe('relayListeners', () => {
  it.each([
    [
      'one source (an object)',
      { icestats: { source: { listenurl: 'http://h:8000/a.mp3', listeners: 3 } } },
      [['/a.mp3', 3]],
    ],
    [
      'several (an array)',
      {
        icestats: {
          source: [
            { listenurl: 'http://h:8000/a', listeners: 1 },
            { listenurl: 'http://h:8000/b', listeners: '2' },
          ],
        },
      },
      [
        ['/a', 1],
        ['/b', 2],
      ],
    ],
    ['no source', { icestats: {} }, []],
    [
      'nonsense',
      { icestats: { source: [{ listenurl: 5 }, { listenurl: 'http://h/x', listeners: -1 }] } },
      [],
    ],
    ['not a document', null, []],
  ])('%s', (_name, doc, expected) => expect([...relayListeners(doc)]).toEqual(expected));
});
