import { describe, expect, it } from 'vitest';
import { CreateWebstreamRequest, RelayUrl } from '@grimnir/contracts';
import { redactUrl, restoreCredentials } from './webstream-urls.js';

describe('relay URL validation', () => {
  it.each([
    ['http://radio.example/live', 'http://radio.example/live'],
    ['  https://radio.example:8443/a.aac?x=1  ', 'https://radio.example:8443/a.aac?x=1'],
    ['HTTP://Radio.Example:80/Live', 'http://radio.example/Live'],
    ['http://[::1]:8000/s', 'http://[::1]:8000/s'],
    ['https://u:p@radio.example/', 'https://u:p@radio.example/'],
    ['http://radio.example/a b', 'http://radio.example/a%20b'],
  ])('accepts %j as %j', (raw, normalised) => {
    expect(RelayUrl.parse(raw)).toBe(normalised);
  });

  it.each([
    [''],
    ['radio.example/live'],
    ['ftp://radio.example/live'],
    ['file:///etc/passwd'],
    ['data:audio/mpeg;base64,AAAA'],
    ['javascript:alert(1)'],
    ['rtsp://radio.example/live'],
    ['http://'],
    [`http://radio.example/${'a'.repeat(2048)}`],
  ])('refuses %j', (raw) => {
    expect(RelayUrl.safeParse(raw).success).toBe(false);
  });

  it('wants between 1 and 10 URLs', () => {
    const body = (urls: string[]) => ({
      station_id: '7c1e7c52-0d7c-4a38-9b0b-3c8f3d3c8f3d',
      name: 'x',
      urls,
    });
    expect(CreateWebstreamRequest.safeParse(body([])).success).toBe(false);
    expect(CreateWebstreamRequest.safeParse(body(['http://a.example/'])).success).toBe(true);
    const eleven = Array.from({ length: 11 }, (_, i) => `http://a.example/${i}`);
    expect(CreateWebstreamRequest.safeParse(body(eleven)).success).toBe(false);
  });
});

describe('URL credentials', () => {
  it.each([
    ['https://user:secret@radio.example/live', 'https://***@radio.example/live'],
    ['https://token@radio.example/live', 'https://***@radio.example/live'],
    ['https://:secret@radio.example/live', 'https://***@radio.example/live'],
    ['http://radio.example/live', 'http://radio.example/live'],
    ['not a url', '***'],
  ])('redacts %j as %j', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });

  it('puts stored credentials back into redacted URLs, in the new order', () => {
    const stored = ['https://u:s@a.example/live', 'http://b.example/live'];
    expect(
      restoreCredentials(['http://b.example/live', 'https://***@a.example/live'], stored),
    ).toEqual({ ok: true, urls: ['http://b.example/live', 'https://u:s@a.example/live'] });
    // New credentials sent in clear replace the old ones.
    expect(restoreCredentials(['https://u:new@a.example/live'], stored)).toEqual({
      ok: true,
      urls: ['https://u:new@a.example/live'],
    });
    expect(restoreCredentials(['https://***@c.example/live'], stored)).toEqual({
      ok: false,
      unknown: ['https://***@c.example/live'],
    });
  });
});
