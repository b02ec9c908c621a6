// Runs `grimnirradio serve` expecting it to refuse to start: resolves with its exit code and
// stderr (code 0 if it unexpectedly ran and exited cleanly).
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './nginx-runner.js';

const bin = resolve(import.meta.dirname, '../../../bin/grimnirradio.js');

export async function serveExit(
  env: Record<string, string>,
): Promise<{ code: number; stderr: string }> {
  const result = await promisify(execFile)('node', [bin, 'serve'], {
    timeout: 30_000,
    env: {
      PATH: process.env.PATH ?? '',
      GRIMNIR_DEMO_STATION: 'false',
      GRIMNIR_HTTP_BIND: '127.0.0.1',
      GRIMNIR_HTTP_PORT: String(await freePort()),
      GRIMNIR_METRICS_PORT: String(await freePort()),
      ...env,
    },
  }).then(
    () => ({ code: 0, stderr: '' }),
    (e: { code: number; stderr: string }) => e,
  );
  return { code: result.code, stderr: result.stderr };
}
