import { describe, expect, it } from 'vitest';
import {
  MAX_HEAD_BYTES,
  mountFromTarget,
  normaliseContentType,
  parseBasicAuth,
  parseRequestHead,
  routeOf,
  sourceResponse,
} from './source-protocol.js';

const b = (s: string) => Buffer.from(s, 'latin1');

describe('routeOf (what the main port does with a new connection)', () => {
  it.each([
    ['ffmpeg icecast://', 'PUT /live/main HTTP/1.1\r\n', 'source'],
    ['ffmpeg -legacy_icecast 1', 'SOURCE /live/main HTTP/1.1\r\n', 'source'],
    ['SOURCE on a bare mount', 'SOURCE /main ICE/1.0\r\n', 'source'],
    ['libshout probe', 'OPTIONS * HTTP/1.1\r\n', 'source'],
    ['bare LF line end', 'SOURCE /live/main HTTP/1.0\n', 'source'],
    ['listener on /live', 'GET /live/main HTTP/1.1\r\n', 'http'],
    ['listener on /stream', 'GET /stream/main HTTP/1.1\r\n', 'http'],
    ['API PUT elsewhere', 'PUT /api/v1/x HTTP/1.1\r\n', 'http'],
    ['CORS preflight', 'OPTIONS /api/v1/stations HTTP/1.1\r\n', 'http'],
    ['metadata update', 'GET /admin/metadata?mode=updinfo HTTP/1.0\r\n', 'http'],
    ['request line not complete', 'SOURCE /live/ma', 'undecided'],
    ['nothing yet', '', 'undecided'],
  ] as const)('%s → %s', (_name, text, route) => {
    expect(routeOf(b(text))).toBe(route);
  });

  it('gives up waiting for a request line longer than the head limit (HTTP answers it)', () => {
    expect(routeOf(Buffer.alloc(MAX_HEAD_BYTES, 'A'))).toBe('http');
  });
});

describe('parseRequestHead', () => {
  it('parses ffmpeg’s PUT and finds where the audio starts', () => {
    const text =
      'PUT /live/m1 HTTP/1.1\r\nUser-Agent: Lavf/59.27.100\r\nExpect: 100-continue\r\n' +
      'Content-Type: audio/mpeg\r\nAuthorization: Basic c291cmNlOnB3\r\n\r\n';
    const p = parseRequestHead(Buffer.concat([b(text), Buffer.from([0xff, 0xfb])]));
    expect(p).toEqual({
      kind: 'ok',
      bodyStart: text.length,
      head: {
        method: 'PUT',
        target: '/live/m1',
        version: 'HTTP/1.1',
        headers: {
          'user-agent': 'Lavf/59.27.100',
          expect: '100-continue',
          'content-type': 'audio/mpeg',
          authorization: 'Basic c291cmNlOnB3',
        },
      },
    });
  });

  it.each([
    ['incomplete head', 'SOURCE /live/m HTTP/1.0\r\nHost: x\r\n', 'incomplete'],
    ['bare LF head', 'SOURCE /live/m HTTP/1.0\nHost: x\n\n', 'ok'],
    ['ICE/1.0 version', 'SOURCE /m ICE/1.0\r\n\r\n', 'ok'],
    ['lower-case method', 'source /m HTTP/1.0\r\n\r\n', 'invalid'],
    ['missing version', 'SOURCE /m\r\n\r\n', 'invalid'],
    ['header without colon', 'SOURCE /m HTTP/1.0\r\nbogus\r\n\r\n', 'invalid'],
    ['header name with space', 'SOURCE /m HTTP/1.0\r\nBad Name: x\r\n\r\n', 'invalid'],
  ] as const)('%s → %s', (_name, text, kind) => {
    expect(parseRequestHead(b(text)).kind).toBe(kind);
  });

  it('keeps the first of repeated headers', () => {
    const p = parseRequestHead(b('SOURCE /m HTTP/1.0\r\nA: 1\r\na: 2\r\n\r\n'));
    expect(p.kind === 'ok' && p.head.headers['a']).toBe('1');
  });

  it('refuses a head larger than the limit', () => {
    const big = `SOURCE /m HTTP/1.0\r\nX: ${'a'.repeat(MAX_HEAD_BYTES)}\r\n\r\n`;
    expect(parseRequestHead(b(big))).toEqual({
      kind: 'invalid',
      reason: 'request head too large',
    });
  });
});

describe('parseBasicAuth', () => {
  const basic = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;
  it.each([
    [basic('source:hackme'), { user: 'source', password: 'hackme' }],
    [basic('dj:pass:with:colons'), { user: 'dj', password: 'pass:with:colons' }],
    [basic('dj:'), { user: 'dj', password: '' }],
    [`basic ${Buffer.from('a:b').toString('base64')}`, { user: 'a', password: 'b' }],
    [basic('nocolon'), undefined],
    ['Bearer abc', undefined],
    ['Basic !!!', undefined],
    [undefined, undefined],
  ])('%s', (header, creds) => {
    expect(parseBasicAuth(header)).toEqual(creds);
  });
});

describe('mountFromTarget', () => {
  it.each([
    ['/live/main', 'main'],
    ['/live/main.mp3', 'main.mp3'],
    ['/main', 'main'],
    ['main', 'main'],
    ['%2flive%2fmain', 'main'],
    ['/live/main?x=1', 'main'],
    ['/live/../etc', undefined],
    ['/live/Main', undefined],
    ['/live/', undefined],
    ['/live/a/b', undefined],
    ['/live/%E0%A4%A', undefined],
  ])('%s → %s', (target, mount) => {
    expect(mountFromTarget(target)).toBe(mount);
  });
});

describe('normaliseContentType', () => {
  it.each([
    ['audio/mpeg', 'audio/mpeg'],
    ['audio/mp3', 'audio/mpeg'],
    ['Audio/OGG; charset=x', 'audio/ogg'],
    ['application/ogg', 'application/ogg'],
    ['audio/aac', 'audio/aac'],
    [undefined, ''],
    ['garbage value', ''],
  ])('%s → %s', (value, type) => {
    expect(normaliseContentType(value)).toBe(type);
  });
});

describe('sourceResponse', () => {
  it('challenges with the realm DJ software expects', () => {
    const text = sourceResponse(401, { message: 'authentication required' });
    expect(text).toMatch(/^HTTP\/1\.1 401 /);
    expect(text).toContain('\r\nWWW-Authenticate: Basic realm="Icecast2 Server"\r\n');
    expect(text.endsWith('\r\n\r\nauthentication required\n')).toBe(true);
  });
  it('sends a bare interim 100 and a bodiless 200', () => {
    expect(sourceResponse(100)).toBe('HTTP/1.1 100 Continue\r\n\r\n');
    const ok = sourceResponse(200, { version: 'HTTP/1.0' });
    expect(ok).toMatch(/^HTTP\/1\.0 200 OK\r\n/);
    expect(ok).not.toContain('Content-Length');
  });
});
