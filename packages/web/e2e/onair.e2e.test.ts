import { afterAll, beforeAll, expect, it } from 'vitest';
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

// The demo station on air, driven from the console: skip, emergency and release, seen as the
// engine reports them (the title and tier on the page change because the audio did).

beforeAll(stack);
afterAll(closeBrowser);
const DEMO = 'Grimnir Demo FM';

it('skips, takes an emergency and releases it (desktop)', async () => {
  const { adminPassword } = await stack();
  const tab = await openTab(DESKTOP);
  try {
    const stations = await (await LoginPage.open(tab.page)).logIn('admin', adminPassword);
    const onAir = await stations.openOnAir(DEMO);
    await expect.poll(() => onAir.currentTitle(), { timeout: 30_000 }).not.toBe('Nothing on air');
    await expectAccessible(tab.page);
    await screenshot(tab.page, 'onair');

    const before = await onAir.currentTitle();
    expect(await onAir.skip()).toMatch(/^Skipped|^Accepted/);
    await expect.poll(() => onAir.currentTitle(), { timeout: 30_000 }).not.toBe(before);

    expect(await onAir.startEmergency('Concert', 'Grimnir Test Signals – Concert A')).toMatch(
      /^On air: the engine confirmed/,
    );
    await expect.poll(() => onAir.tier(), { timeout: 15_000 }).toBe('EMERGENCY');
    await screenshot(tab.page, 'onair-emergency');
    expect(await onAir.releaseEmergency()).toMatch(/^Released/);
    await expect.poll(() => onAir.tier(), { timeout: 15_000 }).toBe('AUTOMATION');
  } finally {
    await tab.close();
  }
});

it('at phone size, a viewer watches without controls (roles decide what is offered)', async () => {
  const { demoStationId } = await stack();
  const viewer = await makeUser({ role: 'viewer', stationId: demoStationId });
  const tab = await openTab(PHONE);
  try {
    const stations = await (await LoginPage.open(tab.page)).logIn(viewer.username, viewer.password);
    await expectAccessible(tab.page);
    const onAir = await stations.openOnAir(DEMO);
    await expect.poll(() => onAir.currentTitle(), { timeout: 30_000 }).not.toBe('Nothing on air');
    expect(await tab.page.getByRole('button', { name: 'Skip', exact: true }).count()).toBe(0);
    await tab.page.getByText('controls need the DJ role').waitFor({ state: 'visible' });
    await expectAccessible(tab.page);
    await screenshot(tab.page, 'onair-viewer');
  } finally {
    await tab.close();
  }
});
