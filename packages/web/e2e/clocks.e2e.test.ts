import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, type ApiSession } from '@grimnir/server/test-support/control-plane-process.js';
import { waitFor } from '@grimnir/test-kit/engine-process.js';
import { makeTempDir, makeTone } from '@grimnir/test-kit/fixtures.js';
import { ClocksPage } from './pages/clocks-page.js';
import { LoginPage } from './pages/login-page.js';
import {
  DESKTOP,
  PHONE,
  closeBrowser,
  expectAccessible,
  openTab,
  screenshot,
  stack,
} from './support.js';

// A clock built on screen — a smart block for the first 45 minutes, a live slot after it,
// dragged into place — applied to weekday evenings, saved, and simulated against the station's
// real library, at desktop and phone size.

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  await stack();
  tmp = await makeTempDir('grimnir-clocks-e2e-');
});
afterAll(async () => {
  await closeBrowser();
  await tmp.cleanup();
});

interface Clock {
  id: string;
  name: string;
  priority: number;
  hours: { days: number[]; hours: number[] }[];
  slots: { offset_ms: number; type: string; payload: Record<string, unknown> }[];
}

/** A station of its own with three analysed tones and a smart block over them. */
async function stationWithMusic(label: string): Promise<{ id: string; api: ApiSession }> {
  const { baseUrl, adminPassword } = await stack();
  const api = await login(baseUrl, 'admin', adminPassword);
  const st = await api.call<{ id: string }>('POST', '/api/v1/stations', {
    name: `Clocks ${label} ${process.pid}`,
    timezone: 'Europe/Berlin',
  });
  const ids: string[] = [];
  for (const [i, freq] of [440, 550, 660].entries()) {
    const file = await makeTone(join(tmp.dir, `${label}-${i}.mp3`), { freq, seconds: 40 });
    ids.push(await api.upload(st.id, file, `Tone ${freq}`));
  }
  for (const id of ids)
    await waitFor(
      async () => {
        const m = await api.call<{ analysis_state: string }>('GET', `/api/v1/media/${id}`);
        return m.analysis_state === 'complete' ? true : undefined;
      },
      60_000,
      'the analysis',
    );
  await api.call('POST', '/api/v1/smart-blocks', { station_id: st.id, name: 'All tones' });
  return { id: st.id, api };
}

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('clocks (%s)', (label, viewport) => {
  it('builds a clock by dragging its slots, applies it to hours, and simulates an hour', async () => {
    const { adminPassword } = await stack();
    const st = await stationWithMusic(label);
    const tab = await openTab(viewport);
    try {
      await (await LoginPage.open(tab.page, '/login')).logIn('admin', adminPassword);
      const clocks = await ClocksPage.open(tab.page, st.id);
      await clocks.newClock('Evening clock');
      await clocks.setSlot(0, 'Smart block', 'All tones');
      await clocks.addSlot();
      await clocks.setSlot(1, 'Live');
      expect(await clocks.slotStarts()).toEqual([0, 30]);
      await clocks.dragSlotStart(1, 45);
      expect(await clocks.slotStarts()).toEqual([0, 45]);
      await clocks.addHoursRule();
      await clocks.toggleDay(1, 'Sat');
      await clocks.toggleDay(1, 'Sun');
      await expectAccessible(tab.page);
      await clocks.save();

      const [saved] = await st.api.call<Clock[]>('GET', `/api/v1/clocks?station_id=${st.id}`);
      expect(saved).toMatchObject({
        name: 'Evening clock',
        hours: [{ days: [1, 2, 3, 4, 5], hours: [...Array(24).keys()] }],
        slots: [
          { offset_ms: 0, type: 'smart_block', payload: { smart_block_id: expect.any(String) } },
          { offset_ms: 45 * 60_000, type: 'live', payload: {} },
        ],
      });
      expect(await tab.page.getByText('Mon–Fri, all hours').count()).toBeGreaterThan(0);

      const rows = await clocks.simulate();
      // 45 minutes of 40 s tones from the smart block, then the live slot.
      expect(rows.filter((r) => r.includes('Tone')).length).toBeGreaterThan(20);
      expect(rows.at(-1)).toMatch(/:45:00[\s\S]*hard start[\s\S]*live/i);
      await expectAccessible(tab.page);
      await screenshot(tab.page, 'clocks');
    } finally {
      await tab.close();
    }
    // Three uploads analysed by the shared engine while other files run: minutes, not seconds.
  }, 240_000);
});
