import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '@grimnir/server/test-support/control-plane-process.js';
import { LoginPage } from './pages/login-page.js';
import { WebstreamsPage } from './pages/webstreams-page.js';
import {
  DESKTOP,
  PHONE,
  closeBrowser,
  expectAccessible,
  openTab,
  screenshot,
  stack,
} from './support.js';

// A webstream made in the console with a password that is never shown back (page, API,
// edit form), then tested now: the dead first URL fails, the second — a stream server on
// loopback standing for a remote one (the test stack's fence allows 127.0.0.1) — answers,
// and receives the credentials typed in the form.

let relay: http.Server;
let relayUrl = '';
/** The Authorization headers the stream server was sent. */
const auth: string[] = [];
beforeAll(stack);
beforeAll(async () => {
  relay = http.createServer((req, res) => {
    auth.push(req.headers.authorization ?? '');
    if (req.url !== '/live') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'audio/mpeg' });
    res.write(Buffer.alloc(4096, 0xff));
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}/live`;
});
afterAll(async () => {
  relay.closeAllConnections();
  await new Promise((r) => relay.close(r));
  await closeBrowser();
});

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('webstreams (%s)', (label, viewport) => {
  it('creates a webstream with hidden credentials and tests each URL', async () => {
    const { baseUrl, adminPassword } = await stack();
    const api = await login(baseUrl, 'admin', adminPassword);
    const station = await api.call<{ id: string }>('POST', '/api/v1/stations', {
      name: `Webstreams ${label} ${process.pid}`,
      active: false,
    });
    const live = relayUrl;
    const secret = `s3cret-${label}-${process.pid}`;
    const tab = await openTab(viewport);
    try {
      await (await LoginPage.open(tab.page, '/login')).logIn('admin', adminPassword);
      const page = await WebstreamsPage.open(tab.page, station.id);
      const name = `Network news ${label}`;
      await page.create(name, [
        { url: 'http://127.0.0.1:1/dead' },
        { url: live, user: 'relay', password: secret },
      ]);
      const shownLive = live.replace('://', '://***@');
      const urls = await page.urls(name);
      expect(urls[0]).toContain('http://127.0.0.1:1/dead');
      expect(urls[1]).toContain(shownLive);
      expect(await page.health(name)).toEqual(['not checked yet', 'not checked yet']);
      expect(await tab.page.content()).not.toContain(secret);
      await expectAccessible(tab.page);

      // Stored for the engine, never answered back.
      const [stored] = await api.call<{ urls: string[] }[]>(
        'GET',
        `/api/v1/webstreams?station_id=${station.id}`,
      );
      expect(stored!.urls).toEqual(['http://127.0.0.1:1/dead', shownLive]);

      await page.testNow(name);
      expect(await page.health(name)).toEqual(['failed', 'answering']);
      await expect.poll(() => page.card(name).innerText()).toContain('unreachable');
      expect(auth).toContain(`Basic ${Buffer.from(`relay:${secret}`).toString('base64')}`);
      await expectAccessible(tab.page);
      // Full-page shots from the top: the fixed header is drawn where the view was.
      await tab.page.evaluate('window.scrollTo(0, 0)');
      await screenshot(tab.page, 'webstreams');

      // The edit form holds no secret: the stored one is kept unless a new one is typed.
      const form = await page.edit(name);
      expect(await form.getByLabel('Password 2', { exact: true }).inputValue()).toBe('');
      expect(await form.getByLabel('Password 2', { exact: true }).getAttribute('placeholder')).toBe(
        'stored (hidden)',
      );
      expect(await form.getByLabel('Stream URL 2').inputValue()).toBe(live);
      expect(await tab.page.content()).not.toContain(secret);
      await expectAccessible(tab.page);
      // Full-page shots from the top: the fixed header is drawn where the view was.
      await tab.page.evaluate('window.scrollTo(0, 0)');
      await screenshot(tab.page, 'webstreams-edit');
      await form.getByRole('button', { name: 'Save webstream' }).click();
      await form.waitFor({ state: 'detached' });
      // Saved unchanged: the stored credentials still work (the stream still answers).
      await page.testNow(name);
      expect(await page.health(name)).toEqual(['failed', 'answering']);
    } finally {
      await tab.close();
    }
  });
});
