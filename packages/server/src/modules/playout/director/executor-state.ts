import { EXECUTOR_STATES, type ExecutorState } from '@grimnir/contracts';
import { executorStateCode } from '../../../ops/metric-names.js';

// One station's executor as an explicit state machine over contracts' EXECUTOR_STATES.
// Transitions are pure; the director applies them and persists the result (executor_states)
// so a restarted or newly elected director knows what it was doing.

/**
 * Numeric codes for `grimnir_executor_state{station_id}` (Prometheus gauges are numbers), from
 * the single list in ops/metric-names.ts that alerts and dashboards also read:
 *   0 idle · 1 preloading · 2 playing · 3 fading · 4 live · 5 emergency
 * (6 is "playing the fallback tier", reported by the metrics for a playing station on tier 4.)
 */
export const EXECUTOR_STATE_CODE: Record<ExecutorState, number> = Object.fromEntries(
  EXECUTOR_STATES.map((s) => [s, executorStateCode(s)]),
) as Record<ExecutorState, number>;

export type ExecutorEvent =
  | { type: 'preload' }
  | { type: 'track_started' }
  | { type: 'fade_started' }
  | { type: 'fade_done' }
  | { type: 'live_on' }
  | { type: 'live_off' }
  | { type: 'emergency_on' }
  | { type: 'emergency_off'; liveActive: boolean }
  | { type: 'stop' };

interface Transition {
  from: ExecutorState;
  to: ExecutorState;
  /** False when the event does not apply in this state (it is ignored, not an error). */
  accepted: boolean;
}

function automationState(state: ExecutorState, ev: ExecutorEvent): ExecutorState | undefined {
  switch (ev.type) {
    case 'preload':
      return state === 'idle' ? 'preloading' : undefined;
    case 'track_started':
      // During a crossfade the incoming item starts at once; the fade still runs.
      return state === 'fading' ? undefined : 'playing';
    case 'fade_started':
      return state === 'playing' ? 'fading' : undefined;
    case 'fade_done':
      return state === 'fading' ? 'playing' : undefined;
    case 'live_on':
      return 'live';
    case 'emergency_on':
      return 'emergency';
    case 'stop':
      return 'idle';
    case 'live_off':
    case 'emergency_off':
      return undefined;
  }
}

function next(state: ExecutorState, ev: ExecutorEvent): ExecutorState | undefined {
  switch (state) {
    case 'idle':
    case 'preloading':
    case 'playing':
    case 'fading':
      return automationState(state, ev);
    case 'live':
      // Automation keeps loading under a live show; only live/emergency/stop change hands.
      if (ev.type === 'live_off') return 'playing';
      if (ev.type === 'emergency_on') return 'emergency';
      if (ev.type === 'stop') return 'idle';
      return undefined;
    case 'emergency':
      // Nothing but a release or a stop moves the station out of emergency.
      if (ev.type === 'emergency_off') return ev.liveActive ? 'live' : 'playing';
      if (ev.type === 'emergency_on') return 'emergency';
      if (ev.type === 'stop') return 'idle';
      return undefined;
  }
}

export function transition(state: ExecutorState, ev: ExecutorEvent): Transition {
  const to = next(state, ev);
  return to === undefined
    ? { from: state, to: state, accepted: false }
    : { from: state, to, accepted: true };
}

export function isExecutorState(s: string): s is ExecutorState {
  return (EXECUTOR_STATES as readonly string[]).includes(s);
}
