import http from 'node:http';
import type { TestProject } from 'vitest/node';
import { startStack, type Stack } from './stack.js';

// Vitest runs every project's global setup before any test, but this project runs last
// (sequence.groupOrder): starting an engine, a server with a station on air and a browser
// here would load the machine through the timing-sensitive integration tests. So setup only
// opens a loopback coordinator; the first browser test asks it for the stack, which starts
// then, once, in this process, shared by every test file.

let stack: Promise<Stack> | undefined;
let coordinator: http.Server | undefined;

declare module 'vitest' {
  export interface ProvidedContext {
    webE2eCoordinator: string;
  }
}

export async function setup(project: TestProject): Promise<void> {
  coordinator = http.createServer((_req, res) => {
    stack ??= startStack();
    stack.then(
      (s) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(s.info)),
      (e: unknown) => res.writeHead(500).end(String(e)),
    );
  });
  await new Promise<void>((r) => coordinator!.listen(0, '127.0.0.1', r));
  const addr = coordinator.address();
  if (addr === null || typeof addr === 'string') throw new Error('coordinator has no port');
  project.provide('webE2eCoordinator', `http://127.0.0.1:${addr.port}/stack`);
}

export async function teardown(): Promise<void> {
  coordinator?.close();
  const s = await stack?.catch(() => undefined);
  await s?.stop();
}
