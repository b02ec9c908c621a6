import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { EngineEventBody, EngineItem } from '@grimnir/contracts';
import type { ChildProc } from '../gstreamer/process.js';
import { FRAME_BYTES } from '../mixer/format.js';
import { PriorityInputs } from './priority-inputs.js';

// An emergency takes the air when its decoder has audio, not when the call arrives: until then
// automation keeps sounding (no silence while GStreamer starts), and the track_started event
// names the frame on which the emergency is actually first heard.

const item: EngineItem = {
  id: 'alert',
  path: '/alert.mp3',
  title: 'Alert',
  cue_in_ms: 0,
  cue_out_ms: 0,
  fade_in_ms: 0,
  fade_out_ms: 0,
};

function rig() {
  let now = 0;
  let onAirMs = 1_000;
  const stdout = new PassThrough();
  const events: EngineEventBody[] = [];
  const child: ChildProc = {
    pid: 1,
    stdin: new PassThrough(),
    stdout,
    exited: new Promise(() => undefined),
    hasExited: () => false,
    kill: () => undefined,
    stderrTail: () => '',
  };
  const inputs = new PriorityInputs({
    decoder: {
      spawn: () => child,
      bufferBytes: 1024 * 1024,
      now: () => now,
      onRestart: () => undefined,
      outbound: { open: () => Promise.reject(new Error('no network')) },
      onFailed: () => undefined,
      warm: { take: () => undefined },
    },
    emit: (ev) => events.push(ev),
    nextOnAirMs: () => onAirMs,
  });
  return {
    inputs,
    events,
    advance: (ms: number) => (now += ms),
    setOnAir: (ms: number) => (onAirMs = ms),
    decode: async (bytes: number) => {
      stdout.write(Buffer.alloc(bytes));
      await new Promise((r) => setImmediate(r));
    },
  };
}

describe('emergency insert', () => {
  it('keeps automation on air until the decoder has audio, then reports when it is heard', async () => {
    const r = rig();
    let settled = false;
    const call = r.inputs.insertEmergency(item, false).then(() => {
      settled = true;
    });
    r.advance(40);
    expect(r.inputs.active()).toBeUndefined();
    expect(r.events).toEqual([]);
    await r.decode(FRAME_BYTES * 12);
    // The insert's call is still waiting: nothing is heard yet.
    expect(settled).toBe(false);
    r.setOnAir(1_060);
    expect(r.inputs.active()).toBe('emergency');
    await call;
    expect(r.inputs.active()).toBe('emergency');
    expect(r.events).toEqual([
      {
        event: 'track_started',
        track_started: {
          item_id: 'alert',
          title: 'Alert',
          source: 'emergency',
          position_ms: 0,
          on_air_ms: 1_060,
        },
      },
    ]);
    r.inputs.releaseEmergency();
    expect(r.inputs.active()).toBeUndefined();
    expect(r.events.map((e) => e.event)).toEqual(['track_started', 'track_ended']);
  });

  it('takes the air after the grace period even without audio', () => {
    const r = rig();
    void r.inputs.insertEmergency(item, false);
    r.advance(999);
    expect(r.inputs.active()).toBeUndefined();
    r.advance(1);
    expect(r.inputs.active()).toBe('emergency');
  });

  it('reports nothing for an emergency released before it was heard', async () => {
    const r = rig();
    const call = r.inputs.insertEmergency(item, false);
    r.inputs.releaseEmergency();
    // The call that inserted it returns too: the station no longer waits for it.
    await call;
    r.advance(2_000);
    expect(r.inputs.active()).toBeUndefined();
    expect(r.events).toEqual([]);
  });

  it('a second emergency replacing one on air keeps the air', async () => {
    const r = rig();
    void r.inputs.insertEmergency(item, false);
    await r.decode(FRAME_BYTES * 12);
    expect(r.inputs.active()).toBe('emergency');
    void r.inputs.insertEmergency({ ...item, id: 'alert-2' }, false);
    expect(r.inputs.active()).toBe('emergency');
    expect(r.events.map((e) => e.event)).toEqual(['track_started', 'track_started']);
  });
});
