import type { z } from 'zod';
import type { MountLiveState, OutputStatus } from '@grimnir/contracts';

type EngineOutputs = readonly Pick<OutputStatus, 'mount' | 'state' | 'bytes_sent'>[];

/**
 * Joins the station's mounts (database), this replica's listener counts and the engine's
 * output report into one row per mount. Pure. `engine`: the engine's outputs for the station,
 * 'absent' when it does not run the station, 'unknown' when it did not answer — then no output
 * state is claimed at all.
 */
export function mountLiveStates(
  mounts: readonly { id: string; name: string }[],
  listeners: Readonly<Record<string, number>>,
  engine: EngineOutputs | 'absent' | 'unknown',
): z.output<typeof MountLiveState>[] {
  return mounts.map((m) => {
    const out = typeof engine === 'string' ? undefined : engine.find((o) => o.mount === m.name);
    return {
      mount_id: m.id,
      mount: m.name,
      listeners: listeners[m.name] ?? 0,
      output: engine === 'unknown' ? null : (out?.state ?? 'absent'),
      bytes_sent: out ? Number(out.bytes_sent) : null,
    };
  });
}
