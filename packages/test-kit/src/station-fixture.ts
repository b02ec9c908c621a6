import type { ConfigureStationRequest, EngineItem } from '@grimnir/contracts';
import type { EngineClient } from '@grimnir/engine-client';

export function stationConfig(
  id: string,
  over: Partial<ConfigureStationRequest> = {},
): ConfigureStationRequest {
  return {
    station_id: id,
    outputs: [
      {
        mount: 'main.mp3',
        format: 'MP3',
        bitrate_kbps: 192,
        sample_rate: 44100,
        channels: 2,
        icecast: null,
        record_path: '',
      },
    ],
    loudness_target_lufs: -16,
    crossfade_ms: 0,
    crossfade_curve: 'LINEAR',
    fallback: [],
    silence_threshold_db: -50,
    silence_duration_ms: 1000,
    near_end_ms: 2000,
    ...over,
  };
}

export function makeItem(id: string, file: string, over: Partial<EngineItem> = {}): EngineItem {
  return {
    id,
    path: file,
    title: id,
    cue_in_ms: 0,
    cue_out_ms: 0,
    fade_in_ms: 0,
    fade_out_ms: 0,
    ...over,
  };
}

// Collects a mount's encoded bytes through StreamOutput while `during` runs.
export async function recordWhile(
  client: EngineClient,
  stationId: string,
  mount: string,
  during: () => Promise<void>,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sub = client.subscribeOutput(stationId, mount, (c) => chunks.push(Buffer.from(c)));
  try {
    await during();
  } finally {
    sub.close();
  }
  return Buffer.concat(chunks);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
