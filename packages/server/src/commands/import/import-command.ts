import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MediaUploadFieldsSchema } from '@grimnir/contracts';
import type { Config } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrator.js';
import { createLogger } from '../../infra/logger.js';
import { AUDIO_FILE_EXTENSIONS } from '../../modules/media/index.js';
import type { RequestCtx } from '../../plugins/route-helpers.js';
import { buildCliServices, type CliServices } from '../../composition/cli-services.js';
import { progressLine, summaryLines } from './import-progress.js';
import { createProgressReporter } from './progress-reporter.js';
import {
  addOutcome,
  emptyTally,
  exitCode,
  importFiles,
  importOrder,
  isImportable,
  walkFiles,
  type Failure,
} from '../../modules/imports/index.js';
import { waitForAnalysis } from './analysis-wait.js';

export const IMPORT_USAGE = `import DIR --station SLUG [--as USERNAME] [--wait-analysis]
                        copy the audio files under DIR into the station's library; run it
                        again to resume (files already there are skipped by content); --as:
                        the user it is recorded as (default the first admin);
                        --wait-analysis: wait for a running server to analyse them
                        exit 0 all imported or skipped, 1 some failed, 2 usage, 130 Ctrl-C`;

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Where the progress line goes (process.stderr): redrawn in place when it is a terminal. */
  progress: { isTTY?: boolean; columns?: number; write(text: string): unknown };
  /** Ctrl-C and SIGTERM: the caller wires them to this controller's abort. */
  interrupt: AbortSignal;
}

/** Exit code for what the operator typed or named wrong (EX_USAGE is 64 elsewhere; see docs). */
const USAGE_ERROR = 2;

class UsageError extends Error {}

function parse(args: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        station: { type: 'string' },
        as: { type: 'string' },
        'wait-analysis': { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const [dir, ...extra] = parsed.positionals;
  if (dir === undefined || extra.length > 0) throw new UsageError('expected exactly one DIR');
  if (parsed.values.station === undefined) throw new UsageError('--station SLUG is required');
  return {
    dir: resolve(dir),
    station: parsed.values.station,
    as: parsed.values.as,
    waitAnalysis: parsed.values['wait-analysis'],
  };
}

async function requireFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`${dir} does not exist or is not a folder`);
}

async function stationBySlug(s: CliServices, slug: string) {
  const all = await s.repositories.stations.list();
  const found = all.find((st) => st.slug === slug.toLowerCase());
  if (!found)
    throw new UsageError(
      `no station with slug "${slug}" (stations: ${all.map((st) => st.slug).join(', ') || 'none'})`,
    );
  return found;
}

/** The user the import is recorded as: `--as`, else the oldest active admin. */
async function actor(s: CliServices, login: string | undefined) {
  const users = s.repositories.users;
  if (login !== undefined) {
    const user = await users.findByLogin(login);
    if (!user?.active) throw new UsageError(`no active user "${login}"`);
    return user;
  }
  const admins = (await users.list())
    .filter((u) => u.role === 'admin' && u.active)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  if (!admins[0])
    throw new UsageError('no active admin to record the import as; pass --as USERNAME');
  return admins[0];
}

const shellQuote = (s: string) =>
  /^[\w./:@%+=,-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;

/** `grimnirradio import DIR --station SLUG [--as USER]`: see docs/media-library.md. */
export async function importCommand(config: Config, args: string[], io: Io): Promise<number> {
  let opts: ReturnType<typeof parse>;
  try {
    opts = parse(args);
    await requireFolder(opts.dir);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`grimnirradio import: ${e.message}\nusage: grimnirradio ${IMPORT_USAGE}`);
    return USAGE_ERROR;
  }
  // Warnings only: the command's own output is the progress line and the summary.
  const log = createLogger('warn');
  const database = openDatabase(config.db);
  try {
    await migrateToLatest(database.db, log);
    const services = buildCliServices(config, database, log);
    let station, user;
    try {
      station = await stationBySlug(services, opts.station);
      user = await actor(services, opts.as);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      io.err(`grimnirradio import: ${e.message}`);
      return USAGE_ERROR;
    }
    const ctx: RequestCtx = {
      principal: { userId: user.id, username: user.username, role: user.role, via: 'cli' },
      // Audit entries of one run share this id, so the run can be found and told apart.
      requestId: `import-${randomUUID()}`,
      ip: 'cli',
    };
    const resume = ['grimnirradio', 'import', opts.dir, '--station', station.slug]
      .concat(opts.as !== undefined ? ['--as', opts.as] : [])
      .map(shellQuote)
      .join(' ');
    return await run(
      services,
      ctx,
      { dir: opts.dir, stationId: station.id, resume, waitAnalysis: opts.waitAnalysis },
      io,
    );
  } finally {
    await database.close();
  }
}

interface RunOptions {
  dir: string;
  stationId: string;
  resume: string;
  waitAnalysis: boolean;
}

async function run(services: CliServices, ctx: RequestCtx, o: RunOptions, io: Io) {
  try {
    // Role and disk before walking a large tree: a refusal here is about the whole run.
    await services.media.checkUpload(ctx, o.stationId);
  } catch (e) {
    io.err(`grimnirradio import: ${(e as Error).message}`);
    return USAGE_ERROR;
  }
  // Partial copies a killed earlier run left in the media root's temporary area.
  await services.media.sweepStaleUploads();
  const { tally, ending, imported } = await importAll(services, ctx, o, io);
  const code = exitCode(tally, ending);
  if (!o.waitAnalysis || ending !== 'complete' || imported.size === 0) return code;
  const progress = createProgressReporter({ stream: io.progress, nowMs: () => Date.now() });
  io.err(`waiting for the analysis of ${imported.size} imported items (Ctrl-C stops waiting)`);
  const waited = await waitForAnalysis({
    items: imported,
    load: (ids) => services.repositories.media.findMany(ids),
    signal: io.interrupt,
    progress,
    nowMs: () => Date.now(),
  });
  progress.stop();
  io.out(
    `analysis: ${imported.size - waited.failures.length} of ${imported.size} done, ` +
      `${waited.failures.length} failed`,
  );
  for (const f of waited.failures) io.out(`  ${f.path}: ${f.reason}`);
  if (waited.ending === 'interrupted') {
    io.out('stopped waiting; the analysis goes on in the server');
    return 130;
  }
  return waited.failures.length > 0 ? 1 : code;
}

/** Walks DIR and imports what it finds; the summary goes to stdout. */
async function importAll(services: CliServices, ctx: RequestCtx, o: RunOptions, io: Io) {
  const unreadable: Failure[] = [];
  const all = await walkFiles(o.dir, (path, e) =>
    unreadable.push({ path, reason: `cannot read this folder: ${(e as Error).message}` }),
  );
  const files = importOrder(all.filter((f) => isImportable(f, AUDIO_FILE_EXTENSIONS)));
  io.err(
    `importing ${files.length} audio files from ${o.dir} ` +
      `(${all.length - files.length} other files ignored)`,
  );
  // A folder that cannot be read holds files that were not imported: it fails the run.
  let tally = unreadable.reduce(
    (t, f) => addOutcome(t, f.path, { kind: 'failed', reason: f.reason }),
    emptyTally(files.length + unreadable.length),
  );
  const imported = new Map<string, string>();
  const progress = createProgressReporter({ stream: io.progress, nowMs: () => Date.now() });
  progress.update((ms) => progressLine(tally, ms));
  const result = await importFiles({
    media: services.media,
    ctx,
    fields: MediaUploadFieldsSchema.parse({ station_id: o.stationId }),
    root: o.dir,
    files,
    signal: io.interrupt,
    onOutcome: (path, outcome) => {
      tally = addOutcome(tally, path, outcome);
      if (outcome.kind === 'imported') imported.set(outcome.mediaId, path);
      progress.update((ms) => progressLine(tally, ms));
    },
  });
  progress.stop();
  if (result.ending === 'stopped') io.err(`grimnirradio import: stopped: ${result.reason}`);
  for (const line of summaryLines(tally, progress.elapsedMs(), result.ending, o.resume))
    io.out(line);
  return { tally, ending: result.ending, imported };
}
