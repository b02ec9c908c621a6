import { parseArgs } from 'node:util';
import { backupSqlite, defaultBackupFile, restoreSqlite } from './ops/sqlite-backup.js';
import { buildCliServices } from './composition/cli-services.js';
import { IMPORT_USAGE, importCommand } from './commands/import/import-command.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';
import { createLogger } from './infra/logger.js';
import { checkStartDependencies, describeStartError } from './start-checks.js';
import { startServer, type RunningServer } from './serve.js';
import { ROLES, type Role } from '@grimnir/contracts';

const USAGE = `usage: grimnirradio [command]

commands:
  serve                 run the control plane (default)
  migrate               apply database migrations and exit
  backup [FILE] [--media]   copy the SQLite database while it runs (default
                        $GRIMNIR_DATA_DIR/backups/grimnir_db_<time>.sqlite); --media also
                        copies GRIMNIR_MEDIA_ROOT to FILE.media
  restore FILE [--media]    replace the SQLite database (server stopped) with FILE;
                        --media also restores FILE.media into GRIMNIR_MEDIA_ROOT
  ${IMPORT_USAGE}
  user create --username NAME --email EMAIL --password PASS [--role admin|manager|dj|viewer]
  version               print the version
`;

const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
const err = (s: string) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`);

/** Entry point of the `grimnirradio` binary; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    out(USAGE);
    return 0;
  }
  if (command === 'version' || command === '--version') {
    out('grimnirradio 0.1.0');
    return 0;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) return refuse(e.problems);
    throw e;
  }
  switch (command) {
    case 'serve':
      return serve(config);
    case 'migrate':
      return migrate(config);
    case 'user':
      return userCommand(config, rest);
    case 'import':
      return withInterrupt((interrupt) =>
        importCommand(config, rest, { out, err, progress: process.stderr, interrupt }),
      );
    case 'backup':
    case 'restore':
      return backupCommand(command, config, rest);
    default:
      err(`unknown command "${command}"\n${USAGE}`);
      return 64; // EX_USAGE
  }
}

/**
 * Runs a long command that stops cleanly on the first Ctrl-C or SIGTERM (it finishes or undoes
 * the step in hand and says how to resume); a second Ctrl-C exits at once.
 */
async function withInterrupt(command: (signal: AbortSignal) => Promise<number>): Promise<number> {
  const controller = new AbortController();
  const stop = () => {
    if (controller.signal.aborted) process.exit(130);
    err('\nstopping after the current file (Ctrl-C again to quit at once)…');
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    return await command(controller.signal);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** A start failure the operator fixes in the configuration: one line, exit 78 (EX_CONFIG). */
function refuse(problems: readonly string[]): number {
  err(`grimnirradio: refusing to start, ${problems.join('; ')}`);
  return 78;
}

async function serve(config: Config): Promise<number> {
  const problems = await checkStartDependencies(config);
  if (problems.length > 0) return refuse(problems);
  const log = createLogger(config.logLevel);
  let server: RunningServer;
  try {
    server = await startServer(config, log, out);
  } catch (e) {
    const problem = describeStartError(e, config);
    if (problem === undefined) throw e;
    refuse([problem]);
    // Half started: the listeners and clients opened before the failure would keep the process
    // alive, and nothing owns them any more. stderr to a pipe or file is written synchronously.
    process.exit(78);
  }
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'shutting down gracefully');
      // A stuck connection must not keep a terminating pod alive forever.
      const force = setTimeout(() => resolve(1), 15_000).unref();
      server.close().then(
        () => {
          clearTimeout(force);
          log.info('shutdown complete');
          resolve(0);
        },
        (e: unknown) => {
          log.error({ err: e }, 'error during shutdown');
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

async function migrate(config: Config): Promise<number> {
  const log = createLogger(config.logLevel);
  const database = openDatabase(config.db);
  try {
    await migrateToLatest(database.db, log);
    return 0;
  } finally {
    await database.close();
  }
}

async function userCommand(config: Config, args: string[]): Promise<number> {
  const [sub, ...flags] = args;
  if (sub !== 'create') {
    err(USAGE);
    return 64;
  }
  const { values } = parseArgs({
    args: flags,
    options: {
      username: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string', default: 'admin' },
    },
  });
  const role = values.role as Role;
  if (!values.username || !values.email || !values.password || !ROLES.includes(role)) {
    err(USAGE);
    return 64;
  }
  const log = createLogger(config.logLevel);
  const database = openDatabase(config.db);
  try {
    await migrateToLatest(database.db, log);
    const services = buildCliServices(config, database, log);
    const user = await services.users.create(
      {
        username: values.username,
        email: values.email,
        password: values.password,
        role,
        active: true,
      },
      undefined,
    );
    out(`created user ${user.username} (${user.role}) id=${user.id}`);
    return 0;
  } catch (e) {
    err(`grimnirradio: ${(e as Error).message}`);
    return 1;
  } finally {
    await database.close();
  }
}

/** SQLite only: PostgreSQL is backed up with pg_dump (deploy/backup/, docs/operations.md). */
async function backupCommand(
  command: 'backup' | 'restore',
  config: Config,
  args: string[],
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { media: { type: 'boolean', default: false } },
  });
  if (config.db.backend !== 'sqlite') {
    err(`grimnirradio ${command}: for PostgreSQL use deploy/backup/${command}-grimnir-db.sh`);
    return 64;
  }
  const [file] = positionals;
  if (positionals.length > 1 || (command === 'restore' && file === undefined)) {
    err(USAGE);
    return 64;
  }
  const media = values.media ? { root: config.mediaRoot } : undefined;
  try {
    if (command === 'restore') {
      await restoreSqlite(file!, config.db.dsn, media);
      out(`restored ${config.db.dsn} from ${file!}${media ? ' (with media)' : ''}`);
    } else {
      const target = file ?? defaultBackupFile(config.dataDir, new Date());
      await backupSqlite(config.db.dsn, target, media);
      out(`backup written to ${target}${media ? ' (with media)' : ''}`);
    }
    return 0;
  } catch (e) {
    err(`grimnirradio ${command}: ${(e as Error).message}`);
    return 1;
  }
}
