import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The files of resumable uploads under `<media root>/.tmp/tus`: `<id>` holds the bytes received
 * so far (its size is the offset), `<id>.json` what @tus/file-store records about the upload —
 * its length, creation date and metadata, to which we add the owner and, once ingested, the
 * media id or the reason it was refused.
 */

export interface UploadInfo {
  id: string;
  size?: number;
  creation_date?: string;
  metadata?: Record<string, string | null>;
}

// Ids are minted by us (randomUUID); anything else in a URL is not an upload of ours, and
// refusing it here keeps `../` and friends away from the filesystem.
const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isUploadId = (id: string) => UPLOAD_ID.test(id);

export function createUploadFiles(directory: string) {
  const infoPath = (id: string) => join(directory, `${id}.json`);
  async function readInfo(id: string): Promise<UploadInfo | undefined> {
    if (!isUploadId(id)) return undefined;
    const text = await readFile(infoPath(id), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as UploadInfo;
    } catch {
      return undefined;
    }
  }

  return {
    directory,
    dataPath: (id: string) => join(directory, id),

    readInfo,

    async writeInfo(info: UploadInfo): Promise<void> {
      await writeFile(infoPath(info.id), JSON.stringify(info));
    },

    /** Bytes received so far, or undefined when the data file is gone (ingested or removed). */
    async received(id: string): Promise<number | undefined> {
      return (await stat(join(directory, id)).catch(() => undefined))?.size;
    },

    /**
     * Removes uploads older than `maxAgeMs` (their tus expiry): partial ones a client gave up
     * on, the small records of finished ones, and files whose record was lost in a crash.
     */
    async sweep(now: Date, maxAgeMs: number): Promise<number> {
      let removed = 0;
      // Not created here: until the first upload there is nothing under .tmp at all.
      for (const name of await readdir(directory).catch(() => [])) {
        const id = name.replace(/\.json$/, '');
        if (!isUploadId(id)) continue;
        const info = await readInfo(id);
        const created = info?.creation_date
          ? Date.parse(info.creation_date)
          : (await stat(join(directory, name)).catch(() => undefined))?.mtimeMs;
        if (created === undefined || now.getTime() - created <= maxAgeMs) continue;
        await rm(join(directory, name), { force: true });
        removed += 1;
      }
      return removed;
    },
  };
}
