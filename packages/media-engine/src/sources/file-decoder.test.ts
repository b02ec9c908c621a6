import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ChildProc } from '../gstreamer/process.js';
import { type DecoderDeps, FileDecoder } from './file-decoder.js';

// Which decoder an item starts on: only an item that must start now, from a position a file
// decoder reaches by discarding (not by seeking), takes a warm decoder; everything else, and
// every replacement of a dead decoder, is spawned as before.

function child(pid: number): ChildProc {
  return {
    pid,
    stdin: new PassThrough(),
    stdout: new PassThrough(),
    exited: new Promise(() => undefined),
    hasExited: () => false,
    kill: () => undefined,
    stderrTail: () => '',
  };
}

function rig(warmAvailable: boolean) {
  const spawned: string[] = [];
  let taken = 0;
  const deps: DecoderDeps = {
    spawn: (req) => {
      spawned.push(req.command);
      return child(200 + spawned.length);
    },
    bufferBytes: 1024 * 1024,
    now: () => 0,
    onRestart: () => undefined,
    // A relay's connection never opens here: only which decoder it starts on matters.
    outbound: { open: () => new Promise(() => undefined) },
    onFailed: () => undefined,
    warm: {
      take: () => {
        if (!warmAvailable) return undefined;
        taken += 1;
        return child(100);
      },
    },
  };
  return { deps, spawned, taken: () => taken };
}

const file = { path: '/does/not/exist.mp3' };

describe('FileDecoder start', () => {
  it.each([
    ['an emergency from its start', true, 0, true],
    ['an emergency cued in 10 s (discarded)', true, 10_000, true],
    ['an emergency cued in 20 s (needs a seek)', true, 20_000, false],
    ['an automation item', false, 0, false],
  ])('%s: warm=%s', (_name, urgent, startMs, warm) => {
    const r = rig(true);
    const d = new FileDecoder(file, startMs, r.deps, () => undefined, urgent);
    expect(r.taken()).toBe(warm ? 1 : 0);
    expect(d.pid).toBe(warm ? 100 : 201);
    expect(r.spawned).toEqual(warm ? [] : [startMs > 15_000 ? 'ffmpeg' : 'gst-launch-1.0']);
    d.close();
  });

  it('spawns as before when no warm decoder is idle', () => {
    const r = rig(false);
    const d = new FileDecoder(file, 0, r.deps, () => undefined, true);
    expect(r.spawned).toEqual(['gst-launch-1.0']);
    d.close();
  });

  it('never gives a relay a warm decoder', () => {
    const r = rig(true);
    const d = new FileDecoder(
      { path: '', urls: ['http://example.invalid/a'] },
      0,
      r.deps,
      () => undefined,
      true,
    );
    expect(r.taken()).toBe(0);
    d.close();
  });
});
