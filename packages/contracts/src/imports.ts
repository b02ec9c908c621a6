import { z } from 'zod';

/**
 * Bulk import jobs: a folder under the server's import root (GRIMNIR_IMPORT_ROOT) copied into a
 * station's library by the server, with progress the console shows. The same steps as the
 * `grimnirradio import` command: files already in the library are skipped by content.
 */
export const IMPORT_JOB_STATES = [
  'scanning',
  'importing',
  'complete',
  'cancelled',
  'stopped',
] as const;
export type ImportJobState = (typeof IMPORT_JOB_STATES)[number];

/** A folder is named relative to the import root, with `/` separators; never absolute. */
export const ImportFolder = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), {
    message: 'a folder under the import root: relative, without ".."',
  });

export const CreateImportRequestSchema = z.object({
  station_id: z.uuid(),
  folder: ImportFolder,
});
export type CreateImportRequest = z.infer<typeof CreateImportRequestSchema>;

export const ImportJobSchema = z.object({
  id: z.uuid(),
  station_id: z.uuid(),
  folder: z.string(),
  state: z.enum(IMPORT_JOB_STATES),
  /** Why a stopped job stopped (disk full, station gone, role taken away). */
  reason: z.string().nullable(),
  /** Audio files found (0 while scanning). */
  total: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  failed: z.number().int(),
  /** The first 100 failures, with the file (relative to the folder) and why. */
  failures: z.array(z.object({ path: z.string(), reason: z.string() })),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  /** Files per minute so far; null before the first file. */
  rate_per_min: z.number().nullable(),
  /** Seconds left at that rate; null when unknown or finished. */
  eta_s: z.number().nullable(),
});
export type ImportJob = z.infer<typeof ImportJobSchema>;

export const ImportFoldersResponseSchema = z.object({
  /** Folders directly under the import root. */
  folders: z.array(z.string()),
  /**
   * Where that root is on the server (GRIMNIR_IMPORT_ROOT), so whoever sets folders up knows
   * where to put them: for platform admins only, null for everyone else.
   */
  root: z.string().nullable(),
});
export type ImportFoldersResponse = z.infer<typeof ImportFoldersResponseSchema>;
