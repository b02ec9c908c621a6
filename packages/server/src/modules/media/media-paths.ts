import { basename, extname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Where media files live. Paths are built only from ids the server generated or validated
 * (UUIDs) and extensions from content sniffing; the client's filename is kept as a label in the
 * database and never touches the filesystem, so traversal is impossible by construction. The
 * `within` check is a second line of defence should that ever change.
 */

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXT_RE = /^[a-z0-9]{1,8}$/;

const TMP_DIR_NAME = '.tmp';

function within(root: string, ...segments: string[]): string {
  const base = resolve(root);
  const full = resolve(base, ...segments);
  const rel = relative(base, full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..'))
    throw new Error(`refusing a path outside the media root: ${segments.join('/')}`);
  return full;
}

function assertId(id: string, what: string): void {
  if (!UUID_RE.test(id)) throw new Error(`${what} is not a UUID`);
}

function assertExt(ext: string): void {
  if (!EXT_RE.test(ext)) throw new Error(`invalid file extension "${ext}"`);
}

export function tmpDir(root: string): string {
  return within(root, TMP_DIR_NAME);
}

export function stationDir(root: string, stationId: string): string {
  assertId(stationId, 'station id');
  return within(root, stationId.toLowerCase());
}

/** Storage path relative to the media root, as recorded in `media.storage_path`. */
export function relativeMediaPath(stationId: string, mediaId: string, ext: string): string {
  assertId(stationId, 'station id');
  assertId(mediaId, 'media id');
  assertExt(ext);
  return `${stationId.toLowerCase()}/${mediaId.toLowerCase()}.${ext}`;
}

/** Artwork and analysis side files sit beside the audio: `<media_id>.<suffix>`. */
export function relativeSidePath(stationId: string, mediaId: string, suffix: string): string {
  return relativeMediaPath(stationId, mediaId, 'x').replace(/\.x$/, `.${suffix}`);
}

/** Resolves a stored relative path, refusing anything that escapes the root. */
export function absoluteMediaPath(root: string, storedPath: string): string {
  return within(root, ...storedPath.split('/'));
}

/**
 * The client's filename reduced to a display label: last path segment only (both separator
 * styles), control characters removed, bounded length.
 */
export function cleanFilename(name: string | undefined): string {
  const last = basename((name ?? '').replace(/\\/g, '/'));
  const cleaned = [...last]
    .filter((ch) => {
      const code = ch.codePointAt(0) ?? 0;
      return code >= 0x20 && code !== 0x7f;
    })
    .join('')
    .trim();
  const label = cleaned === '' || cleaned === '.' || cleaned === '..' ? 'upload' : cleaned;
  return label.slice(0, 255);
}

/** Title fallback when the file has no tag: the filename without its extension. */
export function titleFromFilename(name: string): string {
  const ext = extname(name);
  const stem = ext === '' || ext === name ? name : name.slice(0, -ext.length);
  return stem.trim() === '' ? name : stem.trim();
}
