// The benches run the real binaries from dist/: built first (incrementally, seconds when
// nothing changed), or a bench measures whatever was built last.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const PACKAGES = ['contracts', 'codec', 'engine-client', 'server', 'media-engine'];

export function buildBinaries(): void {
  execFileSync('npx', ['tsc', '-b', ...PACKAGES.map((p) => `packages/${p}`)], {
    cwd: path.resolve(import.meta.dirname, '..'),
    stdio: 'inherit',
  });
}
