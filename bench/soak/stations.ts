// Three stations with crossfades, each playing its own generated tones (one frequency per item,
// so a decoded listener can tell which item it hears), plus an emergency message and a DJ tone.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { makeTone } from '@grimnir/test-kit/fixtures.js';
import type { ApiSession } from '@grimnir/server/test-support/control-plane-process.js';

const ITEMS_PER_STATION = 5;
const ITEM_SECONDS = 30;
const CROSSFADE_MS = 2_000;
const EMERGENCY_TONE = 2_650;
export const DJ_TONE = 2_850;

export interface SoakStation {
  id: string;
  slug: string;
  mount: string;
  mountId: string;
  /** Tone → media id (the emergency's included). */
  mediaOf: Map<number, string>;
  /** Media id → its file's SHA-256 (to find it in the media root for the corrupt-file fault). */
  hashOf: Map<string, string>;
  emergencyId: string;
  candidates: number[];
}

const toneFor = (station: number, item: number) => 400 + 140 * (station * ITEMS_PER_STATION + item);

export async function makeStations(
  api: ApiSession,
  dir: string,
  count: number,
): Promise<SoakStation[]> {
  const out: SoakStation[] = [];
  for (let s = 0; s < count; s++) {
    const station = await api.call<{ id: string; slug: string }>('POST', '/api/v1/stations', {
      name: `Soak ${s + 1}`,
      description: 'soak bench',
      active: true,
      crossfade_ms: CROSSFADE_MS,
    });
    const mediaOf = new Map<number, string>();
    const hashOf = new Map<string, string>();
    const tones = [
      ...Array.from({ length: ITEMS_PER_STATION }, (_, i) => toneFor(s, i)),
      EMERGENCY_TONE,
    ];
    for (const freq of tones) {
      const file = await makeTone(path.join(dir, `s${s}-${freq}.mp3`), {
        freq,
        seconds: freq === EMERGENCY_TONE ? 12 : ITEM_SECONDS,
        volume: 0.3,
      });
      const id = await api.upload(station.id, file, `Tone ${freq}`);
      mediaOf.set(freq, id);
      hashOf.set(id, createHash('sha256').update(readFileSync(file)).digest('hex'));
    }
    const rotation = tones.slice(0, ITEMS_PER_STATION);
    const playlist = await api.call<{ id: string }>('POST', '/api/v1/playlists', {
      station_id: station.id,
      name: 'Rotation',
      items: rotation.map((f) => ({ media_id: mediaOf.get(f) })),
    });
    await api.call('PUT', '/api/v1/schedule/fallback', {
      station_id: station.id,
      source: { type: 'playlist', id: playlist.id },
    });
    await api.call('POST', '/api/v1/schedule/refresh', { station_id: station.id });
    const [mount] = await api.call<{ id: string; name: string }[]>(
      'GET',
      `/api/v1/stations/${station.id}/mounts`,
    );
    out.push({
      id: station.id,
      slug: station.slug,
      mount: mount!.name,
      mountId: mount!.id,
      mediaOf,
      hashOf,
      emergencyId: mediaOf.get(EMERGENCY_TONE)!,
      candidates: [...rotation, EMERGENCY_TONE, DJ_TONE],
    });
  }
  return out;
}

/** The stored file of an uploaded media item: the file in the media root with its content. */
export function storedFile(mediaRoot: string, sha256: string): string | undefined {
  const walk = (d: string): string | undefined => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        const hit = walk(p);
        if (hit) return hit;
      } else if (e.isFile() && statSync(p).size > 10_000 && !p.endsWith('.json')) {
        if (createHash('sha256').update(readFileSync(p)).digest('hex') === sha256) return p;
      }
    }
    return undefined;
  };
  return walk(mediaRoot);
}
