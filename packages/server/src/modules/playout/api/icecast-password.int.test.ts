import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test-support/app.js';
import { fakeEngine } from '../../../test-support/fake-engine.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function waitFor<T>(fn: () => T | undefined, ms = 5_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Icecast targets and GRIMNIR_ICECAST_SOURCE_PASSWORD', () => {
  it('a target stored without a password of its own pushes with the configured source password', async () => {
    const fake = fakeEngine(() => Date.now());
    t = await buildTestApp({
      env: { GRIMNIR_ICECAST_SOURCE_PASSWORD: 'source-pw-from-env' },
      playout: { engine: fake.engine },
    });
    const admin = await t.adminToken();
    const station = await t.makeStation(admin);
    const target = { host: 'icecast.example.test', port: 8000, mount: '/relay', user: 'source' };
    const now = new Date().toISOString();
    const mounts = t.services.repositories.mounts;
    await mounts.insert(
      {
        id: randomUUID(),
        stationId: station.id,
        name: `${station.slug}-env`,
        format: 'mp3',
        bitrateKbps: 128,
        sampleRate: 44100,
        channels: 2,
        icecast: { ...target, password: null },
      },
      now,
    );
    await mounts.insert(
      {
        id: randomUUID(),
        stationId: station.id,
        name: `${station.slug}-own`,
        format: 'mp3',
        bitrateKbps: 128,
        sampleRate: 44100,
        channels: 2,
        icecast: { ...target, mount: '/own', password: 'its-own-pw' },
      },
      now,
    );
    await t.services.playout.director()?.reconcile();
    const configure = await waitFor(() =>
      fake.ops(station.id).find((o) => o.op === 'configure' && o.settings.outputs.length >= 3),
    );
    const pushes =
      configure.op === 'configure'
        ? configure.settings.outputs.flatMap((o) => (o.icecast ? [o.icecast] : []))
        : [];
    expect(pushes).toEqual([
      expect.objectContaining({ mount: '/relay', password: 'source-pw-from-env' }),
      expect.objectContaining({ mount: '/own', password: 'its-own-pw' }),
    ]);
  });
});
