import { extname } from 'node:path';

/**
 * Which files of a folder a bulk import takes: audio extensions the library accepts, nothing
 * hidden. Hidden means any path segment starting with a dot: `.git/`, `.Trash/`, and macOS's
 * `._name.mp3` AppleDouble files, which carry an audio extension but hold resource forks.
 */
export function isImportable(relPath: string, extensions: readonly string[]): boolean {
  const segments = relPath.split(/[\\/]/);
  if (segments.some((s) => s.startsWith('.'))) return false;
  const ext = extname(relPath).slice(1).toLowerCase();
  return ext !== '' && extensions.includes(ext);
}

/**
 * Import order: by path, so a run and its resumption walk the files the same way and the
 * library's "recently added" lists albums together, tracks in their folder order.
 */
export function importOrder(relPaths: readonly string[]): string[] {
  return [...relPaths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
