// Reads Prometheus text exposition into series name → label names seen, for tests that check
// the dashboards and alerts against what a running process really exports.

export type Scrape = ReadonlyMap<string, ReadonlySet<string>>;

function parseScrape(text: string): Scrape {
  const series = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([A-Za-z_:][A-Za-z0-9_:]*)(\{([^}]*)\})?\s/.exec(line);
    if (!m) continue;
    const name = m[1] ?? '';
    const labels = series.get(name) ?? new Set<string>();
    for (const l of (m[3] ?? '').matchAll(/([A-Za-z_][A-Za-z0-9_]*)="/g)) labels.add(l[1] ?? '');
    series.set(name, labels);
  }
  return series;
}

export async function scrape(url: string): Promise<Scrape> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return parseScrape(await res.text());
}

/** Label names an expression aggregates by (`by (a, b)`), which the selected series must carry. */
export function byLabelsInPromql(expr: string): string[] {
  return [...expr.matchAll(/\bby\s*\(([^)]*)\)/g)].flatMap((m) =>
    (m[1] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '' && s !== 'le' && s !== 'instance' && s !== 'job'),
  );
}
