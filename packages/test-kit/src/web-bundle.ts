import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One file a browser must fetch before the console can render its first screen. */
export interface InitialAsset {
  file: string;
  raw: number;
  gzip: number;
}

export interface InitialBundle {
  js: InitialAsset[];
  css: InitialAsset[];
  total: { jsRaw: number; jsGzip: number; cssRaw: number; cssGzip: number };
}

// Static imports in a built ES module: `import{a as b}from"./x.js"`, `import"./x.js"`,
// `export{…}from"./x.js"`. Dynamic `import("./x.js")` (lazy routes) is deliberately not matched.
const STATIC_IMPORT =
  /(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]+?\s*from\s*)?["']([^"']+)["']/g;

function asset(dist: string, file: string): InitialAsset {
  const data = readFileSync(join(dist, file));
  return { file, raw: data.length, gzip: gzipSync(data, { level: 9 }).length };
}

/**
 * What the console's first load costs: index.html's entry script with everything it imports
 * statically (transitively), and its stylesheets. Lazy route chunks are excluded — that is the
 * point of lazy routes. Sizes are raw and gzip (level 9, as scripts/compress.ts writes them).
 */
export function initialBundle(dist: string): InitialBundle {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]+type="module"[^>]+src="\/([^"]+)"/g)].map(
    (m) => m[1] ?? '',
  );
  if (entries.length === 0) throw new Error(`no module entry script in ${dist}/index.html`);
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.shift() ?? '';
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(dist, file), 'utf8');
    for (const m of code.matchAll(STATIC_IMPORT)) {
      const spec = m[1] ?? '';
      if (!spec.startsWith('.') && !spec.startsWith('/')) continue;
      const dir = file.slice(0, file.lastIndexOf('/') + 1);
      queue.push(spec.startsWith('/') ? spec.slice(1) : join(dir, spec));
    }
  }
  const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="\/([^"]+)"/g)].map(
    (m) => m[1] ?? '',
  );
  const js = [...seen].map((f) => asset(dist, f));
  const styles = css.map((f) => asset(dist, f));
  const sum = (l: InitialAsset[], k: 'raw' | 'gzip') => l.reduce((n, a) => n + a[k], 0);
  return {
    js,
    css: styles,
    total: {
      jsRaw: sum(js, 'raw'),
      jsGzip: sum(js, 'gzip'),
      cssRaw: sum(styles, 'raw'),
      cssGzip: sum(styles, 'gzip'),
    },
  };
}
