/** URL-safe slug from a display name ("Radio Ünïcode FM!" → "radio-unicode-fm"). */
export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/g, '');
  return base === '' ? 'station' : base;
}

/** First candidate not taken: "name", "name-2", "name-3", … */
export async function uniqueSlug(
  base: string,
  taken: (s: string) => Promise<boolean>,
): Promise<string> {
  for (let n = 1; n < 10_000; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await taken(candidate))) return candidate;
  }
  throw new Error(`no free slug for ${base}`);
}
