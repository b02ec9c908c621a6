/**
 * `npm run bench:library`: the media library at 100,000 tracks, per backend, through the real
 * `grimnirradio serve` on loopback: list pages, sorts, deep keyset pages, search (selective,
 * broad, short), filters and views, each as sequential requests with varied parameters (p50,
 * p99), one search under concurrent load, and upload throughput (multipart and tus). Prints
 * figures; asserts nothing.
 *   --tracks N       library size (default 100000)
 *   --requests N     requests per scenario (default 200)
 *   --backends a,b   sqlite,postgres (default both)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { prepareBenchTarget, seedLibrary, type LibraryFixture } from './library-fixtures.js';
import { uploadFigures } from './library-upload.js';

const { values } = parseArgs({
  options: {
    tracks: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '200' },
    backends: { type: 'string', default: 'sqlite,postgres' },
  },
});
const TRACKS = Number(values.tracks);
const REQUESTS = Number(values.requests);
const root = resolve(import.meta.dirname, '..');
const PORT = 18_580;
const base = `http://127.0.0.1:${PORT}`;

async function startServer(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn('node', [join(root, 'packages/server/bin/grimnirradio.js'), 'serve'], {
    env: {
      ...process.env,
      ...env,
      GRIMNIR_HTTP_PORT: String(PORT),
      GRIMNIR_METRICS_PORT: String(PORT + 10),
      GRIMNIR_HTTP_BIND: '127.0.0.1',
      GRIMNIR_LOG_LEVEL: 'warn',
      GRIMNIR_RATE_LIMIT_PER_MINUTE: '1000000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let log = '';
  child.stdout?.on('data', (b: Buffer) => {
    log = (log + b.toString()).slice(-4000);
  });
  for (let i = 0; i < 150; i++) {
    await new Promise((r) => setTimeout(r, 200));
    // Any answer will do: /healthz is honestly degraded (503) without a media engine.
    if (
      await fetch(`${base}/healthz`).then(
        () => true,
        () => false,
      )
    )
      return child;
  }
  child.kill();
  throw new Error(`server did not start:\n${log}`);
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

function report(title: string, ms: number[], extra = ''): void {
  const s = [...ms].sort((a, b) => a - b);
  const f = (v: number) => v.toFixed(1).padStart(7);
  console.log(
    `  ${title.padEnd(46)} p50 ${f(pct(s, 50))} ms  p99 ${f(pct(s, 99))} ms  max ${f(s.at(-1) ?? NaN)} ms${extra}`,
  );
}

/** Sequential requests, one at a time: the latency a console user sees on an idle server. */
async function timed(
  title: string,
  auth: Record<string, string>,
  path: (i: number) => string,
): Promise<void> {
  const ms: number[] = [];
  let items = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    const res = await fetch(`${base}${path(i)}`, { headers: auth });
    const body = (await res.json()) as {
      items?: unknown[];
      groups?: unknown[];
      values?: unknown[];
    };
    ms.push(performance.now() - t0);
    if (!res.ok) throw new Error(`${title}: ${res.status} ${JSON.stringify(body)}`);
    items += (body.items ?? body.groups ?? body.values ?? []).length;
  }
  report(title, ms, `  (${(items / REQUESTS).toFixed(0)} rows/answer)`);
}

/** Follows next_cursor: the cost of page n should not grow with n. */
async function deepPages(title: string, auth: Record<string, string>, query: string) {
  const ms: number[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/v1/media?${query}${cursor ? `&cursor=${cursor}` : ''}`, {
      headers: auth,
    });
    const body = (await res.json()) as { next_cursor: string | null };
    ms.push(performance.now() - t0);
    cursor = body.next_cursor;
    if (cursor === null) break;
  }
  report(title, ms, `  (${ms.length} pages of 50)`);
}

async function scenarios(fx: LibraryFixture, auth: Record<string, string>): Promise<void> {
  const st = `station_id=${fx.stationId}`;
  const pick = <T>(xs: readonly T[], i: number) => xs[(i * 7919) % xs.length] as T;
  await timed('first page, newest first', auth, () => `/api/v1/media?${st}`);
  for (const sort of ['title', 'artist', 'duration', 'last_played'])
    await timed(`first page sorted by ${sort}`, auth, () => `/api/v1/media?${st}&sort=${sort}`);
  await deepPages('next pages by title (keyset)', auth, `${st}&sort=title`);
  await timed(
    'search: an artist name (selective)',
    auth,
    (i) => `/api/v1/media?${st}&q=${encodeURIComponent(pick(fx.artists, i))}`,
  );
  await timed(
    'search: one title word',
    auth,
    (i) => `/api/v1/media?${st}&q=${encodeURIComponent(pick(fx.words, i))}`,
  );
  await timed(
    'search: two words',
    auth,
    (i) =>
      `/api/v1/media?${st}&q=${encodeURIComponent(`${pick(fx.words, i)} ${pick(fx.words, i + 1)}`)}`,
  );
  await timed(
    'search: 3-letter fragment (broad)',
    auth,
    (i) => `/api/v1/media?${st}&q=${pick(fx.words, i).slice(0, 3)}`,
  );
  await timed(
    'search: 2-letter fragment (no index)',
    auth,
    (i) => `/api/v1/media?${st}&q=${pick(fx.words, i).slice(1, 3)}`,
  );
  await timed(
    'search sorted by title',
    auth,
    (i) => `/api/v1/media?${st}&sort=title&q=${encodeURIComponent(pick(fx.words, i))}`,
  );
  await timed(
    'filter: artist',
    auth,
    (i) => `/api/v1/media?${st}&artist=${encodeURIComponent(pick(fx.artists, i))}`,
  );
  await timed(
    'filter: genre, sorted by title',
    auth,
    (i) => `/api/v1/media?${st}&sort=title&genre=${encodeURIComponent(pick(fx.genres, i))}`,
  );
  await timed('filter: tag', auth, (i) => `/api/v1/media?${st}&tag=${pick(fx.tags, i)}`);
  await timed('filter: rare tag', auth, () => `/api/v1/media?${st}&tag=rare`);
  await timed('view: failed analyses', auth, () => `/api/v1/media?${st}&analysis_state=failed`);
  await timed(
    'filter: added in the last 30 days',
    auth,
    () => `/api/v1/media?${st}&added_from=${new Date(Date.now() - 30 * 86_400_000).toISOString()}`,
  );
  await timed('view: duplicates (first 25 groups)', auth, () => `/api/v1/media/duplicates?${st}`);
  await timed(
    'facet: artists by prefix',
    auth,
    (i) => `/api/v1/media/facets?${st}&field=artist&prefix=${pick(fx.words, i).slice(0, 2)}`,
  );
  await timed('facet: tags', auth, () => `/api/v1/media/facets?${st}&field=tag`);
  const r = await autocannon({
    url: `${base}/api/v1/media?${st}&q=${encodeURIComponent(fx.artists[42] ?? '')}`,
    connections: 10,
    duration: 10,
    headers: auth,
  });
  console.log(
    `  search under load (10 conns, 10 s)              ${Math.round(r.requests.average)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  errors ${r.non2xx + r.errors}`,
  );
}

for (const backend of values.backends.split(',') as ('sqlite' | 'postgres')[]) {
  const target = await prepareBenchTarget(backend);
  try {
    const t0 = performance.now();
    const fx = await seedLibrary(target.env, TRACKS);
    const seedS = (performance.now() - t0) / 1000;
    const server = await startServer(target.env);
    try {
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'bench', password: 'bench-password' }),
      });
      const token = ((await login.json()) as { access_token: string }).access_token;
      const auth = { authorization: `Bearer ${token}` };
      console.log(
        `\n${backend}: ${TRACKS} tracks (seeded with triggers and indexes in ${seedS.toFixed(0)} s), ${REQUESTS} sequential requests per line, 50 per page`,
      );
      await scenarios(fx, auth);
      await uploadFigures(base, auth, fx.stationId, target.env.GRIMNIR_DATA_DIR ?? '');
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
  } finally {
    await target.cleanup();
  }
}
