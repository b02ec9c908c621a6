import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, makeTone } from '@grimnir/test-kit/fixtures.js';
import { login, type ApiSession } from '@grimnir/server/test-support/control-plane-process.js';
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

// Reordering the play-next queue from the On Air page: drag, keyboard buttons, a refusal when
// another operator changed the queue meanwhile, and another console following along. On a
// station of its own with playout stopped: on the demo station the director would play (and so
// remove) the queued items while the test looks at them.

let admin: ApiSession;
const TITLES = ['Queue One', 'Queue Two', 'Queue Three'];
// This machine is shared and loaded: generous waits (they end as soon as the page agrees).
const POLL = { timeout: 30_000 };
const SLOW_STEP = 30_000;
const SLOW = 180_000;

async function queueStation(): Promise<{ stationId: string; name: string; queued: string[] }> {
  const s = await stack();
  admin = await login(s.baseUrl, 'admin', s.adminPassword);
  const name = `Queue test ${process.pid} ${Math.random().toString(36).slice(2, 7)}`;
  const station = await admin.call<{ id: string }>('POST', '/api/v1/stations', { name });
  await admin.call('POST', `/api/v1/stations/${station.id}/playout/stop`);
  const tmp = await makeTempDir('grimnir-queue-e2e-');
  const queued: string[] = [];
  try {
    for (const [i, title] of TITLES.entries()) {
      const file = await makeTone(join(tmp.dir, `${i}.mp3`), { seconds: 2, freq: 300 + i * 100 });
      const media = await admin.upload(station.id, file, title);
      const item = await admin.call<{ id: string }>('POST', '/api/v1/playout/queue', {
        station_id: station.id,
        media_id: media,
      });
      queued.push(item.id);
    }
  } finally {
    await tmp.cleanup();
  }
  return { stationId: station.id, name, queued };
}

const serverOrder = async (stationId: string) =>
  (
    await admin.call<{ title: string }[]>('GET', `/api/v1/playout/queue?station_id=${stationId}`)
  ).map((q) => q.title);

beforeAll(stack);
afterAll(closeBrowser);

it('shows listeners per mount as soon as On Air opens, before any listener event', async () => {
  const s = await stack();
  const tab = await openTab(DESKTOP);
  tab.page.setDefaultTimeout(SLOW_STEP);
  try {
    const stations = await (await LoginPage.open(tab.page)).logIn('admin', s.adminPassword);
    const onAir = await stations.openOnAir('Grimnir Demo FM');
    // A `listeners` event comes only when a count changes, and no listener joins here: the
    // numbers right after opening come from the server's snapshot (GET /stations/{id}/outputs).
    await expect
      .poll(async () => Object.values(await onAir.listeners()), POLL)
      .toEqual(expect.arrayContaining([expect.stringMatching(/^\d+$/)]));
    const counts = await onAir.listeners();
    expect(Object.keys(counts).length).toBeGreaterThan(0);
    for (const count of Object.values(counts)) expect(count).toMatch(/^\d+$/);
  } finally {
    await tab.close();
  }
});

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('play-next queue reorder (%s)', (_label, viewport) => {
  it(
    'reorders by keyboard and by drag; the server and a second console agree',
    async () => {
      const { stationId, name } = await queueStation();
      const dj = await makeUser({ role: 'dj', stationId });
      const tab = await openTab(viewport);
      tab.page.setDefaultTimeout(SLOW_STEP);
      const other = await openTab(DESKTOP);
      other.page.setDefaultTimeout(SLOW_STEP);
      try {
        const stations = await (
          await LoginPage.open(tab.page)
        )
          .logIn(dj.username, dj.password)
          .catch(async (e: unknown) => {
            await screenshot(tab.page, 'debug-queue-login');
            throw e;
          });
        const onAir = await stations.openOnAir(name);
        await expect.poll(() => onAir.queueTitles(), POLL).toEqual(TITLES);
        // A second operator's console, to see the change arrive through the events socket.
        const s = await stack();
        const watcher = await (
          await (await LoginPage.open(other.page)).logIn('admin', s.adminPassword)
        ).openOnAir(name);
        await expect.poll(() => watcher.queueTitles(), POLL).toEqual(TITLES);
        await expect.poll(() => watcher.liveStatus(), POLL).toBe('Live updates: Live');

        await onAir.moveWithKeyboard('Queue One', 'down');
        const afterKeys = ['Queue Two', 'Queue One', 'Queue Three'];
        await expect.poll(() => onAir.queueTitles(), POLL).toEqual(afterKeys);
        await expect.poll(() => serverOrder(stationId), POLL).toEqual(afterKeys);
        // Focus stays on the moved item's button (given back after the list re-rendered), so a
        // keyboard user can press again.
        await expect
          .poll(() => tab.page.locator(':focus').getAttribute('aria-label'), POLL)
          .toBe('Move Queue One down');
        await tab.page.keyboard.press('Enter');
        const twice = ['Queue Two', 'Queue Three', 'Queue One'];
        await expect.poll(() => serverOrder(stationId), POLL).toEqual(twice);
        await expect.poll(() => watcher.queueTitles(), POLL).toEqual(twice);

        await onAir.drag('Queue One', 'Queue Two');
        const dragged = ['Queue One', 'Queue Two', 'Queue Three'];
        await expect.poll(() => onAir.queueTitles(), POLL).toEqual(dragged);
        await expect.poll(() => serverOrder(stationId), POLL).toEqual(dragged);
        await expect.poll(() => watcher.queueTitles(), POLL).toEqual(dragged);

        // Two presses in a row, the second while the first is on its way: both count.
        const down = tab.page.getByRole('button', { name: 'Move Queue One down' });
        await down.click();
        await down.click();
        const pressedTwice = ['Queue Two', 'Queue Three', 'Queue One'];
        await expect.poll(() => onAir.queueTitles(), POLL).toEqual(pressedTwice);
        await expect.poll(() => serverOrder(stationId), POLL).toEqual(pressedTwice);
        await expect.poll(() => watcher.queueTitles(), POLL).toEqual(pressedTwice);

        await expectAccessible(tab.page);
        await screenshot(tab.page, 'onair-queue');
      } finally {
        await other.close();
        await tab.close();
      }
    },
    SLOW,
  );

  it(
    'shows the refusal and the server’s order when another operator reordered first',
    async () => {
      const { stationId, name, queued } = await queueStation();
      const dj = await makeUser({ role: 'dj', stationId });
      const tab = await openTab(viewport);
      tab.page.setDefaultTimeout(SLOW_STEP);
      try {
        const stations = await (await LoginPage.open(tab.page)).logIn(dj.username, dj.password);
        const onAir = await stations.openOnAir(name);
        await expect.poll(() => onAir.queueTitles(), POLL).toEqual(TITLES);
        // The other operator's reorder lands between this page reading the queue and its PUT.
        await tab.page.route('**/api/v1/playout/queue/order', async (route) => {
          await admin.call('PUT', '/api/v1/playout/queue/order', {
            station_id: stationId,
            ids: [queued[2], queued[0], queued[1]],
            previous_ids: queued,
          });
          await route.continue();
        });
        await onAir.moveWithKeyboard('Queue One', 'down');
        const refusal = await onAir.reorderError();
        expect(refusal).toMatch(/queue changed since you loaded it/);
        expect(refusal).toMatch(/request_id/);
        // Rolled back, then the server's order (the other operator's) is shown.
        const theirs = ['Queue Three', 'Queue One', 'Queue Two'];
        await expect.poll(() => onAir.queueTitles(), POLL).toEqual(theirs);
        expect(await serverOrder(stationId)).toEqual(theirs);
        await expectAccessible(tab.page);
        await screenshot(tab.page, 'onair-queue-conflict');
      } finally {
        await tab.close();
      }
    },
    SLOW,
  );
});
