/**
 * `npm run bench:console`: the operators' console's first load on this machine, over loopback,
 * in Debian's Chromium with a cold cache (a new browser context per run): navigation → the
 * login form in the page, and "Log in" → the stations page with its station cards. Beside it, in
 * the same run, a peer: a minimal Vite + React page with the same login form, served by Fastify
 * static (precompressed, as ours) — what any React single-page app costs here. Also the bytes a
 * first load needs (index.html's entry script and its static imports, stylesheets), raw and
 * gzip. Prints figures; asserts nothing (the budget test does that for the bytes).
 *   --runs N      cold loads per measurement (default 10)
 *   --no-build    use the existing packages/web/dist
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import {
  buildControlPlane,
  login,
  startControlPlane,
} from '@grimnir/server/test-support/control-plane-process.js';
import { makeTempDir } from '@grimnir/test-kit/fixtures.js';
import { freePort } from '@grimnir/test-kit/icecast.js';
import { initialBundle, type InitialBundle } from '@grimnir/test-kit/web-bundle.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '10' }, 'no-build': { type: 'boolean' } },
});
const RUNS = Number(values.runs);
const root = resolve(import.meta.dirname, '..');
const ADMIN_PASSWORD = 'bench-console-admin-pw';
const out = (line: string) => process.stdout.write(`${line}\n`);

// Marks taken inside the page (performance.now(): ms since navigation start), on the frame after
// the element is in the DOM — no polling from the test side in the figures.
const MARKS = `
window.__marks = {};
const mark = (k) => requestAnimationFrame(() => { window.__marks[k] ??= performance.now(); });
const check = () => {
  const m = window.__marks;
  if (!m.formSeen && [...document.querySelectorAll('button')].some((b) => b.textContent.trim() === 'Log in')) { m.formSeen = true; mark('form'); }
  if (m.submit !== undefined && !m.cardsSeen && document.querySelector('article')) { m.cardsSeen = true; mark('stations'); }
};
new MutationObserver(check).observe(document, { childList: true, subtree: true });
document.addEventListener('submit', () => { window.__marks.submit = performance.now(); }, true);
`;

interface Marks {
  form?: number;
  submit?: number;
  stations?: number;
}

// Functions, not strings: the console's CSP forbids eval, which string predicates need. They
// run in the page (serialised), so each spells out where the marks are.
type WithMarks = typeof globalThis & { __marks: Marks };

async function coldLoad(browser: Browser, url: string, user?: string): Promise<Marks> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript(MARKS);
    const page = await context.newPage();
    await page.goto(url);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await page.waitForFunction(() => (globalThis as WithMarks).__marks.form !== undefined);
    if (user !== undefined) {
      await page.getByRole('textbox', { name: 'Username' }).fill(user);
      await page.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForFunction(
        () => (globalThis as WithMarks).__marks.stations !== undefined,
        undefined,
        {
          timeout: 30_000,
        },
      );
    }
    return await page.evaluate(() => (globalThis as WithMarks).__marks);
  } finally {
    await context.close();
  }
}

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN;
  return `median ${at(0.5).toFixed(0).padStart(5)} ms   p95 ${at(0.95).toFixed(0).padStart(5)} ms   (n=${s.length})`;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
function bytes(label: string, b: InitialBundle): void {
  out(
    `${label.padEnd(34)} JS ${kb(b.total.jsRaw).padStart(10)} raw ${kb(b.total.jsGzip).padStart(10)} gzip` +
      ` (${b.js.length} files)   CSS ${kb(b.total.cssRaw).padStart(10)} raw ${kb(b.total.cssGzip).padStart(9)} gzip`,
  );
}

/** The peer: React 19 + a login form, built by the same Vite, nothing else. */
async function buildPeer(dir: string): Promise<string> {
  const src = join(dir, 'src');
  mkdirSync(src, { recursive: true });
  writeFileSync(
    join(src, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="UTF-8"><title>Peer</title></head>' +
      '<body><div id="root"></div><script type="module" src="./main.js"></script></body></html>',
  );
  writeFileSync(
    join(src, 'main.js'),
    `import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
function Login() {
  return h('form', { onSubmit: (e) => e.preventDefault() },
    h('h1', null, 'Log in'),
    h('label', null, 'Username', h('input', { name: 'username' })),
    h('label', null, 'Password', h('input', { name: 'password', type: 'password' })),
    h('button', { type: 'submit' }, 'Log in'));
}
createRoot(document.getElementById('root')).render(h(Login));
`,
  );
  const dist = join(dir, 'dist');
  const modules = join(root, 'node_modules');
  await build({
    root: src,
    logLevel: 'silent',
    configFile: false,
    resolve: { alias: { react: join(modules, 'react'), 'react-dom': join(modules, 'react-dom') } },
    build: { outDir: dist, emptyOutDir: true },
  });
  // Precompressed like the console's build (scripts/compress.ts).
  const assets = join(dist, 'assets');
  for (const f of readdirSync(assets)) {
    const data = readFileSync(join(assets, f));
    writeFileSync(join(assets, `${f}.gz`), gzipSync(data, { level: 9 }));
    writeFileSync(join(assets, `${f}.br`), brotliCompressSync(data));
  }
  return dist;
}

async function servePeer(dist: string) {
  const app = Fastify();
  await app.register(fastifyStatic, { root: dist, preCompressed: true });
  const port = await freePort();
  await app.listen({ host: '127.0.0.1', port });
  return { url: `http://127.0.0.1:${port}/`, close: () => app.close() };
}

async function main(): Promise<void> {
  // Vite bundles React's development build when NODE_ENV says so: measure what users get.
  process.env.NODE_ENV = 'production';
  if (!values['no-build']) {
    buildControlPlane();
    execFileSync('npm', ['run', '--silent', 'build', '-w', '@grimnir/web'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
  }
  const tmp = await makeTempDir('grimnir-bench-console-');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  const cp = await startControlPlane({
    dataDir: join(tmp.dir, 'data'),
    httpPort: await freePort(),
    metricsPort: await freePort(),
    env: {
      GRIMNIR_ADMIN_PASSWORD: ADMIN_PASSWORD,
      GRIMNIR_MEDIA_ROOT: join(tmp.dir, 'media'),
      // No engine: the figures are the console's; a port nothing listens on.
      GRIMNIR_MEDIA_ENGINE_GRPC_ADDR: `127.0.0.1:${await freePort()}`,
      GRIMNIR_LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
      GRIMNIR_LOG_LEVEL: 'warn',
    },
  });
  const peer = await servePeer(await buildPeer(join(tmp.dir, 'peer')));
  try {
    const api = await login(cp.url, 'admin', ADMIN_PASSWORD);
    for (const name of ['Bench One', 'Bench Two', 'Bench Three'])
      await api.call('POST', '/api/v1/stations', { name });

    // One warm-up each (Chromium's own start-up costs), not counted.
    await coldLoad(browser, `${cp.url}/login`, 'admin');
    await coldLoad(browser, peer.url);
    const form: number[] = [];
    const stations: number[] = [];
    const peerForm: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const m = await coldLoad(browser, `${cp.url}/login`, 'admin');
      form.push(m.form ?? NaN);
      stations.push((m.stations ?? NaN) - (m.submit ?? NaN));
      peerForm.push((await coldLoad(browser, peer.url)).form ?? NaN);
    }
    const cores = (await import('node:os')).cpus().length;
    out(`\nconsole first load, cold cache, Chromium on loopback (${cores} cores, ${RUNS} runs)`);
    out(`grimnir  /login → login form            ${stats(form)}`);
    out(`grimnir  Log in → stations page + data  ${stats(stations)}`);
    out(`peer     Vite+React login form          ${stats(peerForm)}`);
    out('\ninitial bytes (entry script + static imports; stylesheets)');
    bytes('grimnir console', initialBundle(join(root, 'packages/web/dist')));
    bytes('peer (React 19 + a form)', initialBundle(join(tmp.dir, 'peer/dist')));
  } finally {
    await peer.close();
    await cp.stop();
    await browser.close();
    await tmp.cleanup();
  }
}

await main();
