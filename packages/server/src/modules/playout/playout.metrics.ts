import { Counter, Gauge, type Registry } from 'prom-client';
import { EXECUTOR_STATE_CODE, type ExecutorState } from './executor-state.js';

export interface PlayoutMetrics {
  setState(stationId: string, state: ExecutorState): void;
  transition(stationId: string, from: ExecutorState, to: ExecutorState): void;
  dropout(stationId: string, mount: string): void;
}

/**
 * `grimnir_executor_state{station_id}` holds the numeric code of the executor state:
 * 0 idle · 1 preloading · 2 playing · 3 fading · 4 live · 5 emergency (see executor-state.ts).
 */
export function createPlayoutMetrics(registry: Registry): PlayoutMetrics {
  const state = new Gauge({
    name: 'grimnir_executor_state',
    help: 'Executor state per station: 0 idle, 1 preloading, 2 playing, 3 fading, 4 live, 5 emergency',
    labelNames: ['station_id'],
    registers: [registry],
  });
  const transitions = new Counter({
    name: 'grimnir_executor_transitions_total',
    help: 'Executor state transitions per station',
    labelNames: ['station_id', 'from', 'to'],
    registers: [registry],
  });
  const dropouts = new Counter({
    name: 'grimnir_playout_dropout_count_total',
    help: 'Dead-air interventions (silence or no source beyond the threshold)',
    labelNames: ['station_id', 'mount'],
    registers: [registry],
  });
  return {
    setState: (stationId, s) => state.set({ station_id: stationId }, EXECUTOR_STATE_CODE[s]),
    transition: (stationId, from, to) => transitions.inc({ station_id: stationId, from, to }),
    dropout: (stationId, mount) => dropouts.inc({ station_id: stationId, mount }),
  };
}
