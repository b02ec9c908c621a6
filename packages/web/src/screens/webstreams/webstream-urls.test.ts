import { describe, expect, it } from 'vitest';
import { emptyRow, rowFromUrl, urlFromRow, urlHealth } from './webstream-urls';

describe('webstream URL rows', () => {
  it('hides stored credentials and sends the marker back untouched', () => {
    const row = rowFromUrl('http://***@relay.example:8000/live');
    expect(row).toMatchObject({ url: 'http://relay.example:8000/live', user: '', stored: true });
    expect(urlFromRow(row)).toEqual({ ok: true, url: 'http://***@relay.example:8000/live' });
  });
  it('puts typed credentials in, encoded, replacing stored ones', () => {
    const row = { ...rowFromUrl('http://***@relay.example/live'), user: 'dj', password: 'p@ss:w' };
    expect(urlFromRow(row)).toEqual({ ok: true, url: 'http://dj:p%40ss%3Aw@relay.example/live' });
  });
  it('drops stored credentials when asked', () => {
    const row = { ...rowFromUrl('http://***@relay.example/live'), stored: false };
    expect(urlFromRow(row)).toEqual({ ok: true, url: 'http://relay.example/live' });
  });
  it.each([
    ['', 'Enter a full URL'],
    ['relay.example/live', 'Enter a full URL'],
    ['ftp://relay.example/live', 'Only http and https'],
  ])('refuses %j', (url, error) => {
    const r = urlFromRow({ ...emptyRow(), url });
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error).toContain(error);
  });
});

describe('urlHealth', () => {
  const urls = ['http://a.example/x', 'http://***@b.example/y', 'http://c.example/z'];
  it('is never checked before the first check', () => {
    expect(urlHealth({ urls, last_checked_at: null, last_ok_url: null, last_error: null })).toEqual(
      [{ state: 'never' }, { state: 'never' }, { state: 'never' }],
    );
  });
  it('reads the answered URL, the failures before it and the untried ones after', () => {
    expect(
      urlHealth({
        urls,
        last_checked_at: '2026-01-01T00:00:00Z',
        last_ok_url: 'http://***@b.example/y',
        last_error: 'http://a.example/x: HTTP 404',
      }),
    ).toEqual([{ state: 'failed', error: 'HTTP 404' }, { state: 'ok' }, { state: 'not_reached' }]);
  });
  it('reads every failure when none answered', () => {
    expect(
      urlHealth({
        urls: urls.slice(0, 2),
        last_checked_at: '2026-01-01T00:00:00Z',
        last_ok_url: null,
        last_error: 'http://a.example/x: unreachable; http://***@b.example/y: HTTP 401',
      }),
    ).toEqual([
      { state: 'failed', error: 'unreachable' },
      { state: 'failed', error: 'HTTP 401' },
    ]);
  });
});
