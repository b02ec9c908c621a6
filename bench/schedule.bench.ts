// npm run bench:schedule — plan build time and peak memory for the scheduler.
// Pure planner first (no IO), then through the database when a backend is available.
import { performance } from 'node:perf_hooks';
import { planStation } from '../packages/server/src/modules/scheduler/planner.js';
import { runPreparedBlock } from '../packages/server/src/modules/smart-blocks/smart-block-engine.js';
import { prepareSmartBlock } from '../packages/server/src/modules/smart-blocks/prepare.js';
import { benchBlocks, benchInput, benchLibrary, LIBRARY_SIZE } from './schedule-fixtures.js';

const NOW = Date.UTC(2026, 5, 1, 10, 7);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (x: number) => `${x.toFixed(1)} ms`;

function pureFigures(): void {
  const library = benchLibrary();
  const rules = benchBlocks().get('sb-0')!;
  const t0 = performance.now();
  const prepared = prepareSmartBlock(library, rules, NOW);
  const t1 = performance.now();
  const block = runPreparedBlock(prepared, [], { startMs: NOW, endMs: NOW + 15 * 60_000 }, 'bench');
  const t2 = performance.now();
  console.log(`library: ${LIBRARY_SIZE} tracks; smart block pool ${prepared.pool.size}`);
  console.log(
    `single 15-min block: prepare ${ms(t1 - t0)} + select ${ms(t2 - t1)} = ${ms(t2 - t0)} (${block.items.length} items)`,
  );

  const s0 = performance.now();
  const plan = planStation(benchInput('station-1', library, NOW));
  const s1 = performance.now();
  console.log(
    `1 station, 72 h (in memory): ${ms(s1 - s0)}, ${plan.items.length} items, gaps ${plan.gaps.length}`,
  );

  const s2 = performance.now();
  const again = planStation({ ...benchInput('station-1', library, NOW), existing: plan.items });
  const s3 = performance.now();
  console.log(
    `1 station, idempotent re-plan: ${ms(s3 - s2)}, diff +${again.insert.length}/-${again.remove.length}`,
  );

  const s4 = performance.now();
  let items = 0;
  for (let i = 0; i < 20; i++)
    items += planStation(benchInput(`station-${i}`, library, NOW)).items.length;
  const s5 = performance.now();
  console.log(`20 stations, 72 h each (in memory, shared library): ${ms(s5 - s4)}, ${items} items`);
}

pureFigures();
// maxRSS is the process's high-water mark in KiB (it includes the generated library).
console.log(`peak RSS: ${mb(process.resourceUsage().maxRSS * 1024)}`);
