import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';

/** Where `grimnirradio backup` writes without a FILE: beside the database, timestamped. */
export function defaultBackupFile(dataDir: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
  return join(dataDir, 'backups', `grimnir_db_${stamp}.sqlite`);
}

/** Media files sit beside the database backup, under the same name with `.media`. */
const mediaDirOf = (backupFile: string): string => `${backupFile}.media`;

/**
 * Copies a live SQLite database with SQLite's online backup API (better-sqlite3 `backup()`):
 * page by page under its own read transaction, so the copy is consistent while the server keeps
 * writing, WAL contents included. The copy is written under a temporary name first, so an
 * interrupted backup never leaves a file that looks complete.
 */
export async function backupSqlite(
  dbFile: string,
  target: string,
  media?: { root: string },
): Promise<void> {
  if (!existsSync(dbFile)) throw new Error(`no database at ${dbFile}`);
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  await onlineCopy(dbFile, partial);
  checkBackup(partial);
  renameSync(partial, target);
  if (media !== undefined && existsSync(media.root)) {
    rmSync(mediaDirOf(target), { recursive: true, force: true });
    cpSync(media.root, mediaDirOf(target), { recursive: true, preserveTimestamps: true });
  }
}

async function onlineCopy(from: string, to: string): Promise<void> {
  const source = new SQLite(from, { readonly: true, fileMustExist: true });
  try {
    await source.backup(to);
  } finally {
    source.close();
  }
}

/** A backup must be an intact Grimnir database (migrations table present) before it is used. */
function checkBackup(file: string): void {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`${file} fails integrity_check: ${String(integrity)}`);
    const migrations = db
      .prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'kysely_migration'")
      .get() as { n: number };
    if (migrations.n !== 1) throw new Error(`${file} is not a Grimnir Radio database`);
  } finally {
    db.close();
  }
}

/**
 * Replaces the database (the server must be stopped) with a backup. The restored file is staged
 * beside the database and renamed over it; the old WAL and shared-memory files go, since they
 * belong to the replaced database and SQLite would replay that WAL onto the restored one.
 */
export async function restoreSqlite(
  backupFile: string,
  dbFile: string,
  media?: { root: string },
): Promise<void> {
  checkBackup(backupFile);
  mkdirSync(dirname(dbFile), { recursive: true });
  const staged = `${dbFile}.restoring`;
  await onlineCopy(backupFile, staged);
  for (const suffix of ['-wal', '-shm']) rmSync(`${dbFile}${suffix}`, { force: true });
  renameSync(staged, dbFile);
  const savedMedia = mediaDirOf(backupFile);
  if (media !== undefined && existsSync(savedMedia)) {
    rmSync(media.root, { recursive: true, force: true });
    cpSync(savedMedia, media.root, { recursive: true, preserveTimestamps: true });
  }
}
