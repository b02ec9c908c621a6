import { parentPort, workerData } from 'node:worker_threads';
import { openReader, type DbConfig } from '../../../db/database.js';
import { createLibraryRepository } from './library.repository.js';
import type { FromPlanWorker, ToPlanWorker } from './plan-messages.js';
import { planStation } from './planner.js';
import { loadPlanInputFor } from './programme-loader.js';

// A plan worker (plan-workers.ts starts it): reads the station's library over its own read-only
// connection, so 50k tracks never cross threads, and plans to the end at once (nothing else
// shares this thread). The scheduler's thread reads the programme and writes the plan.

const port = parentPort;
if (port === null) throw new Error('plan-worker.ts runs as a worker thread');
const handle = openReader((workerData as { db: DbConfig }).db);
const library = createLibraryRepository(handle.db);

async function plan(m: Extract<ToPlanWorker, { type: 'plan' }>): Promise<FromPlanWorker> {
  try {
    const reads = { library, schedule: { itemsFrom: () => Promise.resolve([...m.recent]) } };
    const input = await loadPlanInputFor(reads, m.station, m.nowMs, m.lookaheadMs, m.programme);
    return { job: m.job, plan: planStation(input) };
  } catch (err) {
    return { job: m.job, error: err instanceof Error ? err : new Error(String(err)) };
  }
}

port.on('message', (m: ToPlanWorker) => {
  if (m.type === 'plan') {
    void plan(m).then((reply) => port.postMessage(reply));
    return;
  }
  // Closing the connection and the port leaves the thread nothing to do: it exits.
  void handle.close().finally(() => port.close());
});
