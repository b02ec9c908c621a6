import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineClient } from '@grimnir/engine-client';
import {
  processesWithMarker,
  startEngine,
  waitFor,
  type EngineProcess,
} from '@grimnir/test-kit/engine-process.js';
import { makeTempDir, makeTone } from '@grimnir/test-kit/fixtures.js';
import { makeItem, stationConfig } from '@grimnir/test-kit/station-fixture.js';

let tmp: { dir: string; cleanup: () => Promise<void> };
let file: string;
const engines: EngineProcess[] = [];

beforeAll(async () => {
  tmp = await makeTempDir();
  file = await makeTone(path.join(tmp.dir, 'long.mp3'), { freq: 440, seconds: 60, volume: 0.3 });
});

afterAll(async () => {
  for (const e of engines) await e.kill9();
  await tmp?.cleanup();
});

// An engine playing two stations with three outputs each: several decoders and encoders.
async function busyEngine(): Promise<EngineProcess> {
  const engine = await startEngine();
  engines.push(engine);
  const client = createEngineClient({ address: engine.address });
  for (const id of ['a', 'b']) {
    const config = stationConfig(id, { fallback: [makeItem('fb', file)] });
    config.outputs.push(
      {
        mount: 'o.ogg',
        format: 'OPUS',
        bitrate_kbps: 64,
        sample_rate: 48000,
        channels: 2,
        icecast: null,
        record_path: '',
      },
      {
        mount: 'a.aac',
        format: 'AAC',
        bitrate_kbps: 96,
        sample_rate: 44100,
        channels: 2,
        icecast: null,
        record_path: '',
      },
    );
    await client.configureStation(config);
    await client.play(id);
  }
  // 2 stations × (1 decoder + 3 encoders), each behind its watchdog subshell.
  await waitFor(
    () =>
      processesWithMarker(engine.marker).filter((p) => p.cmd.startsWith('gst-launch')).length >= 8
        ? true
        : undefined,
    15_000,
    'decoders and encoders running',
  );
  client.close();
  return engine;
}

function children(engine: EngineProcess): { pid: number; cmd: string }[] {
  return processesWithMarker(engine.marker).filter((p) => p.pid !== engine.proc.pid);
}

describe('no orphan processes', () => {
  it('shares one encoder per distinct format and bitrate', async () => {
    const engine = await startEngine();
    engines.push(engine);
    const client = createEngineClient({ address: engine.address });
    const config = stationConfig('shared');
    config.outputs.push({ ...config.outputs[0]!, mount: 'copy.mp3' });
    await client.configureStation(config);
    await waitFor(() => (children(engine).length > 0 ? true : undefined), 10_000, 'encoder');
    await new Promise((r) => setTimeout(r, 500));
    expect(
      children(engine).filter(
        (p) => p.cmd.startsWith('gst-launch') && p.cmd.includes('lamemp3enc'),
      ),
    ).toHaveLength(1);
    client.close();
    await engine.stop();
  });

  it('leaves no GStreamer child behind after a clean shutdown', async () => {
    const engine = await busyEngine();
    expect(children(engine).length).toBeGreaterThanOrEqual(8);
    await engine.stop();
    await waitFor(() => (children(engine).length === 0 ? true : undefined), 5000, 'children gone');
  });

  it('children die with the engine after kill -9', async () => {
    const engine = await busyEngine();
    const before = children(engine);
    expect(before.length).toBeGreaterThanOrEqual(8);
    await engine.kill9();
    await waitFor(
      () => (children(engine).length === 0 ? true : undefined),
      5000,
      'children gone after SIGKILL',
    );
  });
});
