import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Every file under `root`, as paths relative to it with `/` separators. Symbolic links to
 * files count as files; linked folders are not entered (a link back up would never end).
 * A folder that cannot be read is reported through `unreadable` and skipped.
 */
export async function walkFiles(
  root: string,
  unreadable: (relPath: string, err: unknown) => void,
): Promise<string[]> {
  const found: string[] = [];
  const pending = [''];
  for (let rel = pending.pop(); rel !== undefined; rel = pending.pop()) {
    const entries = await readdir(join(root, rel), { withFileTypes: true }).catch(
      (err: unknown) => {
        unreadable(rel === '' ? '.' : rel, err);
        return [];
      },
    );
    for (const entry of entries) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) pending.push(child);
      else if (entry.isFile()) found.push(child);
      else if (
        entry.isSymbolicLink() &&
        (await stat(join(root, child)).catch(() => undefined))?.isFile()
      )
        found.push(child);
    }
  }
  return found;
}
