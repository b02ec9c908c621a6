import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';

type Slot = 'ignore' | 'pipe' | number;

// Spawns a helper process (engine under test, icecast2, liquidsoap) behind the same watchdog
// the engine uses for its children: if the test runner dies, the helper dies too.
const WATCHDOG = '( read -r _ <&3; kill -KILL 0 ) </dev/null >/dev/null 2>&1 & exec "$@" 3<&-';

export function spawnTied(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; stdio: Slot[] | 'ignore' },
): ChildProcess {
  const stdio: Slot[] = options.stdio === 'ignore' ? ['ignore', 'ignore', 'ignore'] : options.stdio;
  const proc = spawn('/bin/sh', ['-c', WATCHDOG, 'tied', command, ...args], {
    env: options.env ?? process.env,
    stdio: [...stdio, 'pipe'],
    detached: true,
  });
  const lifeline = proc.stdio[3] as Socket | null;
  lifeline?.on('error', () => undefined);
  proc.once('exit', () => lifeline?.destroy());
  return proc;
}
