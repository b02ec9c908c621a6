import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CENSORED, censorSecrets } from './log-censor.js';
import { createLogger } from './logger.js';

describe('censorSecrets', () => {
  it.each([
    ['a top-level password', { password: 'p', user: 'u' }, { password: CENSORED, user: 'u' }],
    ['any case', { Authorization: 'Bearer x' }, { Authorization: CENSORED }],
    [
      'nested credentials',
      { body: { refresh_token: 'r', station: { icecast: { password: 'i' } } } },
      { body: { refresh_token: CENSORED, station: { icecast: { password: CENSORED } } } },
    ],
    [
      'headers',
      { headers: { cookie: 'c', 'x-api-key': 'k', 'set-cookie': ['a'], accept: '*/*' } },
      {
        headers: { cookie: CENSORED, 'x-api-key': CENSORED, 'set-cookie': CENSORED, accept: '*/*' },
      },
    ],
    [
      'inside arrays',
      { users: [{ token: 't' }, { id: 1 }] },
      { users: [{ token: CENSORED }, { id: 1 }] },
    ],
    ['null-prototype objects', Object.assign(Object.create(null), { key: 'k' }), { key: CENSORED }],
    ['nothing secret', { id: 1, tags: ['a'], at: null }, { id: 1, tags: ['a'], at: null }],
    ['absent values stay absent', { password: undefined }, { password: undefined }],
  ])('%s', (_name, input, expected) => {
    expect(censorSecrets(input)).toEqual(expected);
  });

  it('returns the same record when nothing matched, and never changes the caller’s', () => {
    const clean = { a: { b: [1, 2] } };
    expect(censorSecrets(clean)).toBe(clean);
    const dirty = { a: { password: 'p' }, b: { c: 1 } };
    const out = censorSecrets(dirty);
    expect(dirty.a.password).toBe('p');
    expect(out.b).toBe(dirty.b);
  });

  it('censors an error that carries a credential, keeping its class, message, stack and cause', () => {
    const cause = new Error('refused');
    const err = Object.assign(new TypeError('connect failed', { cause }), {
      password: 'p',
      code: 'X',
    });
    const out = censorSecrets({ err }).err;
    expect(out).toBeInstanceOf(TypeError);
    expect(out).toMatchObject({ message: 'connect failed', password: CENSORED, code: 'X' });
    expect(out.stack).toBe(err.stack);
    expect(out.cause).toBe(cause);
    expect(err.password).toBe('p');
  });

  it('searches class instances and null-prototype chains (a parsed query string)', () => {
    class Settings {
      password = 'p';
      host = 'h';
    }
    function Empty() {}
    Empty.prototype = Object.create(null);
    const query = Object.assign(new (Empty as unknown as new () => object)(), { token: 't' });
    expect(censorSecrets({ cfg: new Settings(), query })).toEqual({
      cfg: { password: CENSORED, host: 'h' },
      query: { token: CENSORED },
    });
  });

  it('leaves live and binary objects alone, and the keys the caller names at the top', () => {
    const stream = new PassThrough();
    const bytes = Buffer.from('password');
    const when = new Date(0);
    const req = { headers: { authorization: 'Bearer x' } };
    const out = censorSecrets({ stream, bytes, when, req }, 0, new Set(['req']));
    expect(out.stream).toBe(stream);
    expect(out.bytes).toBe(bytes);
    expect(out.when).toBe(when);
    expect(out.req).toBe(req);
  });

  it('stops at depth 5 and survives cycles through that bound', () => {
    const cyclic: Record<string, unknown> = { id: 1 };
    cyclic.self = cyclic;
    expect(censorSecrets(cyclic)).toBe(cyclic);
    const deep = { a: { b: { c: { d: { e: { password: 'p' } } } } } };
    expect(censorSecrets(deep).a.b.c.d.e.password).toBe(CENSORED);
  });
});

describe('the logger', () => {
  it('censors child bindings, at every generation', () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (l) => lines.push(l) });
    log
      .child({ password: 'p1', station: { icecast: { password: 'p2' } } })
      .child({ token: 't' })
      .info('hello');
    expect(lines.join('')).not.toMatch(/p1|p2|"t"/);
    expect(lines.join('')).toContain('"password":"[redacted]"');
  });
});
