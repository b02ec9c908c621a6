import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginPage } from './pages/login-page.js';
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

// The first file to ask starts the stack (builds, engine, server, demo station): a hook's budget.
beforeAll(stack);
afterAll(closeBrowser);

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('login and session (%s)', (label, viewport) => {
  it('logs in, keeps the session across a reload without storing a token, logs out', async () => {
    // An admin of its own: a logout revokes every access token of its user (token version),
    // which would pull the shared admin's sessions from under the other test files.
    const admin = await makeUser({ role: 'admin' });
    const tab = await openTab(viewport);
    try {
      const login = await LoginPage.open(tab.page, '/');
      // A client route without a session lands on the login form, with where to go after.
      expect(new URL(tab.page.url()).pathname).toBe('/login');
      await expectAccessible(tab.page);
      await screenshot(tab.page, 'login');

      const stations = await login.logIn(admin.username, admin.password);
      // Drawn once the list has loaded: waited for (isVisible() alone does not wait).
      await stations.card('Grimnir Demo FM').waitFor({ state: 'visible' });
      await expectAccessible(tab.page);
      await screenshot(tab.page, 'stations');

      // The refresh token is in an httpOnly SameSite=Strict cookie; nothing in storage.
      const cookies = await tab.context.cookies();
      const refresh = cookies.find((c) => c.name === 'grimnir_refresh');
      expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
      // (A string: this runs in the page, whose DOM types the Node-side test does not load.)
      const stored = await tab.page.evaluate<{ cookie: string; local: string; session: string }>(
        '({ cookie: document.cookie, local: JSON.stringify(localStorage), session: JSON.stringify(sessionStorage) })',
      );
      expect(stored.cookie).not.toContain('grimnir_refresh');
      expect(stored.local + stored.session).not.toMatch(/eyJ|refresh/);

      // Silent refresh: a reload is still logged in.
      await tab.page.reload();
      await stations.heading.waitFor();

      await stations.logOut();
      await tab.page.reload();
      await tab.page.getByRole('button', { name: 'Log in' }).waitFor();
      expect((await tab.context.cookies()).some((c) => c.name === 'grimnir_refresh')).toBe(false);
    } finally {
      await tab.close();
    }
  });

  it('refuses a wrong password and a disabled account with the same message', async () => {
    const disabled = await makeUser({ role: 'viewer', active: false });
    const tab = await openTab(viewport);
    try {
      const login = await LoginPage.open(tab.page, '/login');
      expect(await login.logInExpectingError('admin', 'not-the-password')).toContain(
        'Wrong username or password',
      );
      // No account-state oracle (security issue 11): a disabled account's right password is
      // refused exactly like a wrong one, and the screen says nothing more.
      const refused = await login.logInExpectingError(disabled.username, disabled.password);
      expect(refused).toContain('Wrong username or password');
      expect(refused).not.toMatch(/disabled/i);
      await expectAccessible(tab.page);
      await screenshot(tab.page, `login-refused-${label}`);
    } finally {
      await tab.close();
    }
  });
});

it('says when login attempts are rate limited (429) and for how long', async () => {
  const { baseUrl } = await stack();
  const user = await makeUser({ role: 'viewer' });
  const tab = await openTab(PHONE);
  try {
    // Failed attempts per account are limited (20 a minute in this stack); use them up.
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': tab.ip },
        body: JSON.stringify({ username: user.username, password: `wrong-${i}` }),
      });
      expect(res.status).toBe(401);
    }
    const login = await LoginPage.open(tab.page, '/login');
    const text = await login.logInExpectingError(user.username, user.password);
    expect(text).toContain('Too many login attempts');
    expect(text).toMatch(/Wait \d+ seconds/);
  } finally {
    await tab.close();
  }
});
