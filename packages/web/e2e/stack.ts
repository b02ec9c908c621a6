import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type BrowserServer } from 'playwright-core';
import { startEngine, waitFor, type EngineProcess } from '@grimnir/test-kit/engine-process.js';
import { makeTempDir } from '@grimnir/test-kit/fixtures.js';
import { freePort } from '@grimnir/test-kit/icecast.js';
import {
  buildControlPlane,
  login,
  startControlPlane,
  type ControlPlaneProcess,
} from '@grimnir/server/test-support/control-plane-process.js';

// The real product for the browser tests: `mediaengine` and `grimnirradio serve` on a temp
// data dir and free ports, the console as built by `npm run build`, the demo station on air,
// and one Chromium (Debian's, never a downloaded one) that every test file connects to.

const root = resolve(import.meta.dirname, '../../..');
const ADMIN_PASSWORD = 'web-e2e-admin-pw';

export interface StackInfo {
  baseUrl: string;
  wsEndpoint: string;
  adminPassword: string;
  demoStationId: string;
  /** GRIMNIR_IMPORT_ROOT: a test puts a folder here to import it from the Library page. */
  importRoot: string;
}

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Rebuilds the console when its sources (or the API it is typed against) changed. */
function buildConsole(): void {
  const built = join(root, 'packages/web/dist/index.html');
  const sources = Math.max(
    newest(join(root, 'packages/web/src')),
    statSync(join(root, 'packages/web/index.html')).mtimeMs,
    newest(join(root, 'packages/server/src')),
    newest(join(root, 'packages/contracts/src')),
  );
  if (existsSync(built) && statSync(built).mtimeMs > sources) return;
  execFileSync('npm', ['run', '--silent', 'build', '-w', '@grimnir/web'], {
    cwd: root,
    stdio: 'inherit',
    // Vitest sets NODE_ENV=test, and Vite then bundles React's development build (twice the
    // size, slower): the browser tests must run the console users get.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export interface Stack {
  info: StackInfo;
  stop(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  buildControlPlane();
  buildConsole();
  const tmp = await makeTempDir('grimnir-web-e2e-');
  let engine: EngineProcess | undefined;
  let cp: ControlPlaneProcess | undefined;
  let browser: BrowserServer | undefined;
  const stop = async () => {
    await browser?.close();
    await cp?.stop();
    await engine?.stop();
    await tmp.cleanup();
  };
  try {
    // The guide's low-latency tuning, as in the on-air e2e test.
    // The outbound fence refuses loopback and private targets unless named (contracts
    // outbound.ts): the Outputs test relays to 127.0.0.1, so both processes allow exactly that.
    engine = await startEngine({
      GRIMNIR_MEDIA_ENGINE_LATENCY: '200',
      GRIMNIR_MEDIA_ENGINE_OUTBOUND_ALLOW: '127.0.0.1',
    });
    cp = await startControlPlane({
      dataDir: join(tmp.dir, 'data'),
      httpPort: await freePort(),
      metricsPort: await freePort(),
      env: {
        GRIMNIR_MEDIA_ENGINE_GRPC_ADDR: engine.address,
        GRIMNIR_MEDIA_ROOT: join(tmp.dir, 'media'),
        GRIMNIR_IMPORT_ROOT: join(tmp.dir, 'import'),
        GRIMNIR_ADMIN_PASSWORD: ADMIN_PASSWORD,
        GRIMNIR_DEMO_STATION: 'true',
        // Each test file is its own client address (X-Forwarded-For), so the per-address
        // login limit of one file never refuses another's logins.
        GRIMNIR_TRUST_PROXY: 'true',
        GRIMNIR_LOGIN_RATE_LIMIT_PER_MINUTE: '20',
        GRIMNIR_RATE_LIMIT_PER_MINUTE: '100000',
        GRIMNIR_OUTBOUND_ALLOW: '127.0.0.1',
      },
    });
    const api = await login(cp.url, 'admin', ADMIN_PASSWORD);
    // The demo station is created in the background after the server listens; wait until it
    // plays, so the first screenshot already shows a station on air.
    const demo = await waitFor(
      async () => {
        const [s] = await api.call<{ id: string }[]>('GET', '/api/v1/stations');
        if (!s) return undefined;
        const np = await api.call<{ current: unknown }>(
          'GET',
          `/api/v1/stations/${s.id}/now-playing`,
        );
        return np.current ? s : undefined;
      },
      90_000,
      'the demo station on air',
    );
    browser = await chromium.launchServer({
      executablePath: '/usr/bin/chromium',
      // Root in CI containers: Chromium's sandbox needs user namespaces it does not get there.
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    });
    return {
      info: {
        baseUrl: cp.url,
        wsEndpoint: browser.wsEndpoint(),
        adminPassword: ADMIN_PASSWORD,
        demoStationId: demo.id,
        importRoot: join(tmp.dir, 'import'),
      },
      stop,
    };
  } catch (e) {
    const logs = cp?.logs() ?? '';
    await stop();
    throw new Error(`web e2e stack did not start: ${String(e)}\n${logs.slice(-4000)}`);
  }
}
