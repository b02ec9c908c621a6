import { login, type ApiSession } from '@grimnir/server/test-support/control-plane-process.js';
import { waitFor } from '@grimnir/test-kit/engine-process.js';
import { stack } from '../support.js';

// A station of its own with a small analysed library, for the programming screens' tests:
// real uploads (one-second tones as WAV, each its own pitch since the library refuses the
// same bytes twice), analysed by the engine before the screens look at them.

interface Track {
  title: string;
  artist: string;
  genre: string;
  tags?: string;
}

/** A mono 16-bit WAV of a sine at `hz` (8 kHz sampling: small uploads that still analyse). */
export function toneWav(hz: number, seconds: number): Buffer {
  const rate = 8000;
  const data = Buffer.alloc(rate * 2 * seconds);
  for (let i = 0; i < rate * seconds; i++)
    data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / rate)), i * 2);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

export interface SeededStation {
  api: ApiSession;
  stationId: string;
  /** Title → media id. */
  ids: Map<string, string>;
}

/**
 * An inactive station (nothing plays its short tracks back to back) holding `tracks`, each
 * `seconds` long and uploaded as `<file name prefix>-<n>.wav`, all analysed.
 */
export async function seedStation(
  name: string,
  tracks: readonly Track[],
  seconds = 2,
  pitch = 300,
): Promise<SeededStation> {
  const { baseUrl, adminPassword } = await stack();
  const api = await login(baseUrl, 'admin', adminPassword);
  const station = await api.call<{ id: string }>('POST', '/api/v1/stations', {
    name,
    active: false,
  });
  const ids = new Map<string, string>();
  for (const [i, t] of tracks.entries()) {
    const form = new FormData();
    form.set('station_id', station.id);
    for (const [k, v] of Object.entries(t)) if (v !== undefined) form.set(k, v);
    form.set('file', new Blob([toneWav(pitch + i * 7, seconds)]), `track-${i + 1}.wav`);
    // Other test files upload as the admin too: at most 2 at once per user, so wait a turn.
    let res: Response;
    for (let attempt = 0; ; attempt++) {
      res = await fetch(`${baseUrl}/api/v1/media`, {
        method: 'POST',
        headers: { authorization: `Bearer ${api.token}` },
        body: form,
      });
      if (res.status !== 429 || attempt >= 60) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    if (res.status !== 201) throw new Error(`upload ${t.title}: ${res.status} ${await res.text()}`);
    ids.set(t.title, ((await res.json()) as { id: string }).id);
  }
  await waitFor(
    async () => {
      await new Promise((r) => setTimeout(r, 1000));
      const r = await api.call<{ items: { analysis_state: string }[] }>(
        'GET',
        `/api/v1/media?station_id=${station.id}&limit=200`,
      );
      return r.items.every((m) => m.analysis_state === 'complete') || undefined;
    },
    300_000,
    `${name}: every upload analysed`,
  );
  return { api, stationId: station.id, ids };
}
