import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createProcessSupervisor } from './process.js';

// The 19th field of /proc/<pid>/stat is the process's niceness (after the parenthesised name,
// which may hold spaces, so count from its closing parenthesis).
function niceness(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

/** Waits until the child's sh has exec'd its program (the niceness belongs to that one). */
async function execd(pid: number, name: string): Promise<void> {
  const until = Date.now() + 5_000;
  while (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== name) {
    if (Date.now() > until) throw new Error(`${pid} never became ${name}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('child processes', () => {
  it('run background work niced below playout, and playout children at normal priority', async () => {
    const sup = createProcessSupervisor(pino({ level: 'silent' }), process.env);
    try {
      const background = sup.spawn({ command: 'sleep', args: ['30'], role: 'analysis', nice: 10 });
      const playout = sup.spawn({ command: 'sleep', args: ['30'], role: 'decoder' });
      await execd(background.pid, 'sleep');
      await execd(playout.pid, 'sleep');
      expect(niceness(background.pid)).toBe(Math.min(19, niceness(process.pid) + 10));
      expect(niceness(playout.pid)).toBe(niceness(process.pid));
    } finally {
      sup.killAll();
    }
  });
});
