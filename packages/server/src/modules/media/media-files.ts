import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseFile } from 'music-metadata';
import { AppError } from '../../errors.js';
import { extractMetadata, type ExtractedMetadata } from './media-tags.js';
import { absoluteMediaPath, tmpDir } from './media-paths.js';

/** Filesystem side of the library: metadata reads, atomic placement, removal. */

export async function readAudioMetadata(
  path: string,
  fallbackTitle: string,
): Promise<ExtractedMetadata> {
  try {
    // `duration: true` reads the whole file only when headers cannot tell (VBR MP3 without a
    // Xing frame); a wrong duration would corrupt every schedule built on this item.
    const meta = await parseFile(path, { duration: true });
    return extractMetadata(meta, fallbackTitle);
  } catch (err) {
    throw new AppError(415, 'unsupported_media_type', 'the audio file could not be read', {
      reason: err instanceof Error ? err.message : String(err),
    });
  }
}

/** Moves a finished temporary file to its stored path (same filesystem, so rename is atomic). */
export async function placeFile(root: string, tmpPath: string, storedPath: string): Promise<void> {
  const target = absoluteMediaPath(root, storedPath);
  await mkdir(dirname(target), { recursive: true });
  await rename(tmpPath, target);
}

/** Writes a small side file (artwork) through a temporary name so readers never see half of it. */
export async function writeSideFile(
  root: string,
  storedPath: string,
  data: Uint8Array,
): Promise<void> {
  const target = absoluteMediaPath(root, storedPath);
  const tmp = join(tmpDir(root), `${randomUUID()}.part`);
  await mkdir(dirname(tmp), { recursive: true });
  await mkdir(dirname(target), { recursive: true });
  try {
    await writeFile(tmp, data, { flag: 'wx', mode: 0o640 });
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export async function removeStored(
  root: string,
  storedPaths: readonly (string | null)[],
): Promise<void> {
  for (const p of storedPaths) {
    if (p !== null) await rm(absoluteMediaPath(root, p), { force: true });
  }
}
