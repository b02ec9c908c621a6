import { resolve } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { initialBundle } from '@grimnir/test-kit/web-bundle.js';
import { stack } from './support.js';

/**
 * The console's JS budget (docs/console.md, "Performance"): what a browser must download before
 * the first screen — index.html's entry script and its static imports — at most this many
 * gzip bytes. Screens, and the libraries only they use (drag and drop, tables, selects), load
 * with their lazy route. Measured, not timed: `npm run bench:console` gives the load times.
 */
const INITIAL_JS_GZIP_BUDGET = 160 * 1024;

const dist = resolve(import.meta.dirname, '../dist');

// The stack rebuilds the console when its sources changed, as a production build.
beforeAll(stack);

it(`keeps the initial JS within ${INITIAL_JS_GZIP_BUDGET / 1024} KiB gzip`, () => {
  const b = initialBundle(dist);
  const lines = b.js.map((a) => `${a.file} ${a.raw} B, ${a.gzip} B gzip`);
  console.info(
    `[budget] initial JS ${b.total.jsRaw} B raw, ${b.total.jsGzip} B gzip; CSS ${b.total.cssRaw} B raw, ${b.total.cssGzip} B gzip\n  ${lines.join('\n  ')}`,
  );
  expect(b.total.jsGzip).toBeLessThanOrEqual(INITIAL_JS_GZIP_BUDGET);
});

it('loads no screen before its route is visited', () => {
  const files = initialBundle(dist).js.map((a) => a.file);
  expect(files.filter((f) => /((?<!Login)Page|AppLayout)-[\w-]+\.js$/.test(f))).toEqual([]);
});
