import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, makeTone } from '@grimnir/test-kit/fixtures.js';
import { login } from '@grimnir/server/test-support/control-plane-process.js';
import { LoginPage } from './pages/login-page.js';
import { StationsPage } from './pages/stations-page.js';
import {
  DESKTOP,
  PHONE,
  closeBrowser,
  expectAccessible,
  makeUser,
  openTab,
  screenshot,
  stack,
} from './support.js';

// The events socket across session changes: a logout in another tab ends this one too (login
// page, no reconnect loop with a dead token); the server closing the socket because the user's
// rights changed makes the console reconnect with a fresh access token and keep receiving events.

beforeAll(stack);
afterAll(closeBrowser);

// This machine is shared and loaded: generous waits (they end as soon as the page agrees).
const POLL = { timeout: 30_000 };
const SLOW_STEP = 30_000;
const SLOW = 180_000;

const tokenOf = (url: string) => new URL(url).searchParams.get('token');

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('session and live updates (%s)', (_label, viewport) => {
  it(
    'a logout in one tab sends the other tab of the same browser to the login page',
    async () => {
      // A user of its own: a logout revokes every access token of its user.
      const user = await makeUser({ role: 'admin' });
      const tab = await openTab(viewport);
      tab.page.setDefaultTimeout(SLOW_STEP);
      try {
        const first = await (await LoginPage.open(tab.page)).logIn(user.username, user.password);
        const second = await tab.context.newPage();
        second.setDefaultTimeout(SLOW_STEP);
        // The second tab restores the session from the refresh cookie, as a new tab would.
        // (Not waiting for "load": on this shared machine that can take long; the heading is what
        // matters.)
        await second.goto('/', { waitUntil: 'commit' });
        await new StationsPage(second).heading.waitFor();
        const sockets: string[] = [];
        second.on('websocket', (ws) => sockets.push(ws.url()));

        await first.logOut();
        await second.getByRole('button', { name: 'Log in' }).waitFor();
        expect(new URL(second.url()).pathname).toBe('/login');
        // No reconnect loop: at most one attempt (with a fresh token, refused) after the logout.
        await second.waitForTimeout(3_000);
        expect(sockets.length).toBeLessThanOrEqual(1);
        await expectAccessible(second);
      } finally {
        await tab.close();
      }
    },
    SLOW,
  );

  it(
    'reconnects with a fresh token when the server closes the socket, and keeps receiving events',
    async () => {
      const s = await stack();
      const admin = await login(s.baseUrl, 'admin', s.adminPassword);
      const name = `Session test ${process.pid} ${Math.random().toString(36).slice(2, 7)}`;
      const station = await admin.call<{ id: string }>('POST', '/api/v1/stations', { name });
      await admin.call('POST', `/api/v1/stations/${station.id}/playout/stop`);
      const user = await makeUser({ role: 'dj', stationId: station.id });
      const tab = await openTab(viewport);
      tab.page.setDefaultTimeout(SLOW_STEP);
      try {
        const sockets: string[] = [];
        const seen: string[] = [];
        tab.page.on('websocket', (ws) => {
          sockets.push(ws.url());
          const n = sockets.length;
          ws.on('framereceived', (f) => seen.push(`#${n} ${String(f.payload).slice(0, 60)}`));
          ws.on('close', () => seen.push(`#${n} closed`));
        });
        const stations = await (
          await LoginPage.open(tab.page)
        )
          .logIn(user.username, user.password)
          .catch(async (e: unknown) => {
            await screenshot(tab.page, 'debug-session-login');
            throw e;
          });
        const onAir = await stations.openOnAir(name);
        await expect.poll(() => onAir.liveStatus(), POLL).toBe('Live updates: Live');
        const before = sockets.length;
        expect(before).toBeGreaterThan(0);

        // A role change: the server re-checks the user's sockets and closes them (4401).
        await admin.call('PATCH', `/api/v1/users/${user.id}`, { role: 'viewer' });
        await expect.poll(() => sockets.length, { timeout: 15_000 }).toBeGreaterThan(before);
        await expect.poll(() => onAir.liveStatus(), POLL).toBe('Live updates: Live');
        const last = sockets.at(-1) ?? '';
        expect(tokenOf(last)).not.toBe(tokenOf(sockets[before - 1] ?? ''));
        expect(new URL(tab.page.url()).pathname).toBe(`/stations/${station.id}/on-air`);

        // Events still arrive: a queue change made elsewhere shows up without a reload (the
        // queue has no polling; only the `queue` event refreshes it).
        await tab.page.getByText('The queue is empty').waitFor();
        const tmp = await makeTempDir('grimnir-session-e2e-');
        try {
          const file = await makeTone(join(tmp.dir, 'tone.mp3'), { seconds: 2, freq: 500 });
          const mediaId = await admin.upload(station.id, file, 'After Reconnect');
          await admin.call('POST', '/api/v1/playout/queue', {
            station_id: station.id,
            media_id: mediaId,
          });
        } finally {
          await tmp.cleanup();
        }
        await expect
          .poll(() => onAir.queueTitles(), { ...POLL, message: 'queue event after reconnect' })
          .toEqual(['After Reconnect'])
          .catch((e: unknown) => {
            throw new Error(`${String(e)}\nsockets: ${seen.join(' | ')}`);
          });
        expect(await tab.page.getByTestId('events-reconnecting').count()).toBe(0);
        await screenshot(tab.page, 'onair-after-reconnect');
      } finally {
        await tab.close();
      }
    },
    SLOW,
  );
});
