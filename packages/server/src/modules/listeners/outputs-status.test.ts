import { describe, expect, it } from 'vitest';
import { mountLiveStates } from './outputs-status.js';

const mounts = [
  { id: 'm1', name: 'main' },
  { id: 'm2', name: 'relay' },
];

describe('mountLiveStates', () => {
  it('joins listener counts and engine outputs by mount name', () => {
    expect(
      mountLiveStates(mounts, { main: 3, other: 9 }, [
        { mount: 'relay', state: 'error', bytes_sent: 0 },
        { mount: 'main', state: 'encoding', bytes_sent: 1234 },
      ]),
    ).toEqual([
      { mount_id: 'm1', mount: 'main', listeners: 3, output: 'encoding', bytes_sent: 1234 },
      { mount_id: 'm2', mount: 'relay', listeners: 0, output: 'error', bytes_sent: 0 },
    ]);
  });

  it.each([
    ['absent', 'absent'],
    ['unknown', null],
  ] as const)('an engine that reports %s gives output %s', (engine, output) => {
    expect(mountLiveStates(mounts, {}, engine).map((m) => m.output)).toEqual([output, output]);
  });

  it('a mount the engine does not run is absent', () => {
    const [, relay] = mountLiveStates(mounts, {}, [
      { mount: 'main', state: 'connected', bytes_sent: 1 },
    ]);
    expect(relay).toMatchObject({ output: 'absent', bytes_sent: null });
  });
});
