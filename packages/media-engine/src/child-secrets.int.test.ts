import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

/**
 * Compose and Kubernetes hand the engine the control plane's variables too, secrets included.
 * None of them may reach a GStreamer child (its environment is readable in /proc by the same
 * user and kept in core dumps) or any process's command line (`ps` shows it to every user).
 */
const SECRETS = {
  GRIMNIR_ADMIN_PASSWORD: 'admin-Secret-7f3a9c',
  GRIMNIR_JWT_SIGNING_KEY: 'jwt-Secret-0b8e2d4f6a1c3e5g7i9k',
  GRIMNIR_ICECAST_SOURCE_PASSWORD: 'icecast-Secret-55c1e0',
  GRIMNIR_REDIS_PASSWORD: 'redis-Secret-a1b2c3',
  GRIMNIR_DB_DSN: 'host=db user=grimnir password=db-Secret-d4e5f6 dbname=grimnir',
  GRIMNIR_WEBRTC_TURN_PASSWORD: 'turn-Secret-778899',
};
// The target's own password, given over gRPC: pushed by the engine, never on a command line.
const TARGET_PASSWORD = 'target-Secret-31337';
const secretValues = [...Object.values(SECRETS), 'db-Secret-d4e5f6', TARGET_PASSWORD];

let tmp: { dir: string; cleanup: () => Promise<void> };
let engine: EngineProcess;

beforeAll(async () => {
  tmp = await makeTempDir();
  const file = await makeTone(path.join(tmp.dir, 'tone.mp3'), {
    freq: 440,
    seconds: 30,
    volume: 0.3,
  });
  engine = await startEngine(SECRETS);
  const client = createEngineClient({ address: engine.address });
  const config = stationConfig('s', { fallback: [makeItem('fb', file)] });
  config.outputs.push({
    mount: 'pushed.mp3',
    format: 'MP3',
    bitrate_kbps: 128,
    sample_rate: 44100,
    channels: 2,
    // Nothing listens there: the push fails and retries, its password stays in the engine.
    icecast: {
      host: '127.0.0.1',
      port: 9,
      mount: '/pushed',
      user: 'source',
      password: TARGET_PASSWORD,
      name: 'Pushed',
    },
    record_path: '',
  });
  await client.configureStation(config);
  await client.play('s');
  await waitFor(
    () => (children().filter((p) => p.cmd.startsWith('gst-launch')).length >= 2 ? true : undefined),
    20_000,
    'decoder and encoders running',
  );
  client.close();
});

afterAll(async () => {
  await engine?.kill9();
  await tmp?.cleanup();
});

/** What the engine spawned: not the engine, nor the test's own watchdog that tied it to us. */
function children(): { pid: number; cmd: string }[] {
  return processesWithMarker(engine.marker).filter(
    (p) => p.pid !== engine.proc.pid && !p.cmd.includes(' tied '),
  );
}

function environOf(pid: number): Map<string, string> {
  const env = new Map<string, string>();
  for (const entry of readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return env;
}

describe('secrets stay out of child processes', () => {
  it('the engine itself was given the secrets (the test can fail)', () => {
    const env = environOf(engine.proc.pid!);
    expect(env.get('GRIMNIR_ADMIN_PASSWORD')).toBe(SECRETS.GRIMNIR_ADMIN_PASSWORD);
  });

  it('children get a minimal environment without any secret', () => {
    const kids = children();
    expect(kids.length).toBeGreaterThanOrEqual(2);
    for (const kid of kids) {
      const env = environOf(kid.pid);
      // PWD, SHLVL and _ are set by the watchdog shell itself, not inherited.
      for (const name of env.keys())
        expect(name, `${name} in ${kid.cmd}`).toMatch(
          /^(PATH|HOME|LANG|LANGUAGE|TZ|TMPDIR|LC_\w+|GST_\w+|PWD|SHLVL|_)$/,
        );
      const text = [...env.values()].join('\n');
      for (const secret of secretValues) expect(text).not.toContain(secret);
    }
  });

  it('no secret on any command line in ps output', () => {
    const ps = execFileSync('ps', ['-eo', 'pid,args', '--no-headers', '-ww'], {
      encoding: 'utf8',
    });
    expect(ps).toContain('gst-launch');
    for (const secret of secretValues) expect(ps).not.toContain(secret);
    for (const kid of children())
      for (const secret of secretValues) expect(kid.cmd).not.toContain(secret);
  });
});
