import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const TUNING = fileURLToPath(new URL('./heap-tuning.ts', import.meta.url));

// The young generation's size (KB) before and after allocation churn in which a twentieth
// survives for a while, as the engine's pipe chunks do. tsx itself may already have grown it
// while starting, so the test compares with the size the churn started from.
function youngGenerationKb(tuned: boolean): { before: number; after: number } {
  const script = `
    ${tuned ? `await import(${JSON.stringify(TUNING)});` : ''}
    const v8 = await import('node:v8');
    const size = () => v8.getHeapSpaceStatistics().find((x) => x.space_name === 'new_space').space_size;
    const before = size();
    const keep = [];
    for (let k = 0; k < 3000; k++) {
      for (let i = 0; i < 2000; i++) { const a = new Array(50).fill(i); if (i % 20 === 0) keep.push(a); }
      if (keep.length > 5000) keep.splice(0, 2500);
    }
    console.log(JSON.stringify({ before: before / 1024, after: size() / 1024 }));`;
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    { encoding: 'utf8' },
  );
  return JSON.parse(out) as { before: number; after: number };
}

describe('heap tuning', () => {
  it('stops V8 growing the young generation', () => {
    const plain = youngGenerationKb(false);
    expect(plain.after).toBeGreaterThan(plain.before);
    const tuned = youngGenerationKb(true);
    expect(tuned.after).toBeLessThanOrEqual(tuned.before);
  });
});
