import { describe, expect, it } from 'vitest';
import { collectionDue, noteDropped } from './young-gc.js';

const MB = 1024 * 1024;
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 50));
const arrayBuffers = (): number => process.memoryUsage().arrayBuffers;

// Chunks as a decoder pipe delivers them, dropped at once (as the byte queue does).
function dropChunks(total: number): void {
  for (let i = 0; i < total / 65_536; i++) Buffer.alloc(65_536, 1);
}

describe('young-generation collection after dropped pipe chunks', () => {
  it('is due from 4 MB on', () => {
    expect(collectionDue(4 * MB - 1)).toBe(false);
    expect(collectionDue(4 * MB)).toBe(true);
  });

  it('frees dropped chunks once enough bytes were reported, and not before', async () => {
    const base = arrayBuffers();
    dropChunks(8 * MB);
    await settle();
    expect(arrayBuffers() - base).toBeGreaterThan(6 * MB);
    noteDropped(4 * MB);
    await settle();
    expect(arrayBuffers() - base).toBeLessThan(2 * MB);
  });
});
