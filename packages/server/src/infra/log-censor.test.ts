import { describe, expect, it } from 'vitest';
import { CENSORED, censorSecrets } from './log-censor.js';

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

  it('censors an error that carries a credential, keeping its message and stack', () => {
    const err = Object.assign(new Error('connect failed'), { password: 'p', code: 'X' });
    const out = censorSecrets({ err }).err as unknown as Record<string, unknown>;
    expect(out).toMatchObject({ message: 'connect failed', password: CENSORED, code: 'X' });
    expect(out.stack).toBe(err.stack);
    expect(err.password).toBe('p');
  });

  it('leaves live objects to their serializers', () => {
    class Request {
      headers = { authorization: 'Bearer x' };
    }
    const req = new Request();
    expect(censorSecrets({ req }).req).toBe(req);
  });

  it('stops at depth 5 and survives cycles through that bound', () => {
    const cyclic: Record<string, unknown> = { id: 1 };
    cyclic.self = cyclic;
    expect(censorSecrets(cyclic)).toBe(cyclic);
    const deep = { a: { b: { c: { d: { e: { password: 'p' } } } } } };
    expect(censorSecrets(deep).a.b.c.d.e.password).toBe(CENSORED);
  });
});
