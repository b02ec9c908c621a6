import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '@grimnir/server/test-support/control-plane-process.js';
import { sourceRequest } from '@grimnir/server/test-support/source-client.js';
import { LivePage } from './pages/live-page.js';
import { LoginPage } from './pages/login-page.js';
import { OutputsPage } from './pages/outputs-page.js';
import { PeoplePage } from './pages/people-page.js';
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

// Live, People and Outputs as an admin would use them: a guest DJ's one-time password (and
// that it really connects), an API key shown once, the audit log showing what was just done,
// a new mount with an Icecast target whose password is never shown — at desktop and phone size.

beforeAll(stack);
afterAll(closeBrowser);

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('live, people and outputs (%s)', (label, viewport) => {
  it('creates a DJ password, connects with it, kicks the DJ, and audits it all', async () => {
    const { baseUrl, adminPassword } = await stack();
    const api = await login(baseUrl, 'admin', adminPassword);
    const station = await api.call<{ id: string; slug: string }>('POST', '/api/v1/stations', {
      name: `Admin screens ${label} ${process.pid}`,
    });
    const dj = await makeUser({ role: 'dj' });
    const tab = await openTab(viewport);
    try {
      await (await LoginPage.open(tab.page, '/login')).logIn('admin', adminPassword);
      const live = await LivePage.open(tab.page, station.id);
      await expectAccessible(tab.page);
      await screenshot(tab.page, 'live');

      const details = await live.createToken('Guest DJ');
      const base = new URL(baseUrl);
      expect(details).toMatchObject({
        host: base.hostname,
        port: base.port,
        mount: `/live/${station.slug}`,
        user: 'source',
      });
      expect(details.password.length).toBeGreaterThanOrEqual(20);
      await expectAccessible(tab.page);
      await screenshot(tab.page, 'live-token');
      await live.dismissToken();
      expect(await tab.page.content()).not.toContain(details.password);

      // The details as shown connect a source, exactly as BUTT would use them.
      const source = await sourceRequest(
        Number(details.port),
        'PUT',
        details.mount,
        `${details.user}:${details.password}`,
      );
      try {
        expect(source.status).toBe(200);
        const session = tab.page.getByTestId('live-session').filter({ hasText: 'Guest DJ' });
        await session.getByText('On air').waitFor();
        await session.getByRole('button', { name: 'Kick…' }).click();
        await session.getByRole('button', { name: 'Kick Guest DJ' }).click();
        await session.getByText('kicked').waitFor();
      } finally {
        source.socket.destroy();
      }

      await live.addDj(dj.username);
      // textContent: the badge is upper-cased by CSS, which innerText applies.
      expect(await live.djRow(dj.username).textContent()).toContain('Yes');

      const people = await PeoplePage.open(tab.page, station.id);
      const key = await people.createApiKey(`e2e key ${label}`);
      expect(key).toMatch(/^gr_/);
      await expectAccessible(tab.page);
      await screenshot(tab.page, 'people-api-key');
      await people.dismissApiKey();
      await people.apiKeyRow(`e2e key ${label}`).waitFor();
      expect(await tab.page.content()).not.toContain(key);
      const me = await fetch(`${baseUrl}/api/v1/users/me`, { headers: { 'x-api-key': key } });
      expect(me.status).toBe(200);

      // This station's log: the kick and the token, newest first, by the admin.
      const entries = await people.auditEntries({ action: 'live.kick' });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toContain('admin');
      await tab.page.getByRole('textbox', { name: 'Action' }).clear();
      await tab.page.getByLabel('This station only').uncheck();
      // Every station and account, filtered: other test files log plenty meanwhile, so the
      // key's entry need not be among the newest 25.
      await tab.page.getByRole('textbox', { name: 'Action' }).clear();
      const all = await people.auditEntries({ action: 'api_key.create' });
      expect(all.some((e) => e.includes('api_key.create'))).toBe(true);
      await expectAccessible(tab.page);
      await screenshot(tab.page, 'people-audit');
      await people.tab('Members');
      await tab.page.getByTestId('member-row').filter({ hasText: dj.username }).waitFor();
      await expectAccessible(tab.page);
      await screenshot(tab.page, 'people-members');
    } finally {
      await tab.close();
    }
  });

  it('creates a mount relayed to Icecast; its password is write-only; state is shown', async () => {
    const { baseUrl, adminPassword } = await stack();
    const api = await login(baseUrl, 'admin', adminPassword);
    const station = await api.call<{ id: string; slug: string }>('POST', '/api/v1/stations', {
      name: `Outputs ${label} ${process.pid}`,
    });
    const tab = await openTab(viewport);
    try {
      await (await LoginPage.open(tab.page, '/login')).logIn('admin', adminPassword);
      const outputs = await OutputsPage.open(tab.page, station.id);
      await outputs.row(station.slug).waitFor();
      const secret = `icecast-secret-${label}`;
      // A private address the stack does not allow: the outbound fence refuses it, and the
      // form says what the API said (400) and stays open with what was typed.
      const refused = await outputs.createMountExpectingError(`relay-${label}`, {
        host: '10.255.255.1',
        port: 8000,
        mount: '/relay.mp3',
        password: secret,
      });
      expect(refused).toContain('The mount was not saved');
      expect(refused).toContain('not reachable (outbound policy)');
      expect(await outputs.row(`relay-${label}`).count()).toBe(0);
      // Nothing listens on port 9: the engine's source client cannot connect there.
      await outputs.createMount(`relay-${label}`, {
        host: '127.0.0.1',
        port: 9,
        mount: '/relay.mp3',
        password: secret,
      });
      const row = outputs.row(`relay-${label}`);
      expect(await row.innerText()).toContain('password set');
      expect(await tab.page.content()).not.toContain(secret);
      await row.getByTestId('mount-state').filter({ hasNotText: '…' }).waitFor();
      await expectAccessible(tab.page);
      await screenshot(tab.page, 'outputs');

      const mounts = await api.call<{ name: string; icecast: unknown }[]>(
        'GET',
        `/api/v1/stations/${station.id}/mounts`,
      );
      expect(mounts.find((m) => m.name === `relay-${label}`)?.icecast).toEqual({
        host: '127.0.0.1',
        port: 9,
        mount: '/relay.mp3',
        user: 'source',
        password_set: true,
      });
    } finally {
      await tab.close();
    }
  });
});
