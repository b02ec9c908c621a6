import { mkdir, readdir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { AppError, notFound } from '../../errors.js';

// The import root (GRIMNIR_IMPORT_ROOT): the one folder tree import jobs may read.

/**
 * Creates the import root when it is missing (a fresh install), so the folder the console
 * names exists on disk; a root that cannot be created is said once, and imports answer 404.
 */
export async function prepareImportRoot(root: string, log: FastifyBaseLogger): Promise<void> {
  try {
    await mkdir(root, { recursive: true });
  } catch (err) {
    log.warn({ err, root }, 'import root cannot be created (GRIMNIR_IMPORT_ROOT)');
  }
}

/** Folders directly under the import root (not links, not hidden ones), sorted. */
export async function foldersUnder(importRoot: string): Promise<string[]> {
  const entries = await readdir(importRoot, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

/** The real path of a folder named relative to the root: 404 when missing, 400 outside it. */
export async function folderUnder(importRoot: string, relFolder: string): Promise<string> {
  const root = await realpath(importRoot).catch(() => {
    throw notFound(`import root ${importRoot} (GRIMNIR_IMPORT_ROOT)`);
  });
  const wanted = join(root, relFolder);
  // A link inside the root may point anywhere: the resolved folder must still be inside it.
  const real = await realpath(wanted).catch(() => undefined);
  if (real === undefined || !(await stat(real)).isDirectory())
    throw new AppError(404, 'folder_not_found', `no folder "${relFolder}" under the import root`);
  if (real !== root && !real.startsWith(root + sep))
    throw new AppError(400, 'folder_outside_root', `"${relFolder}" leads outside the import root`);
  return real;
}
