import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config, StartConfig } from '../config.js';
import { StartRefusal } from './icecast-password-check.js';

/**
 * Secrets an install must have but the operator need not choose: with none configured, the
 * first start generates them and keeps each in its own file under `<data dir>/secrets/` (the
 * directory 0700, the files 0600: readable by the service user only); later starts reuse them,
 * so tokens survive restarts. A configured value always wins and nothing is written for it.
 * No constant in the source ever signs a token or authenticates a source.
 */
const GENERATED = {
  jwtSigningKey: { file: 'jwt_signing_key', bytes: 48, minLength: 32 },
  icecastSourcePassword: { file: 'icecast_source_password', bytes: 24, minLength: 12 },
} as const;

interface InstanceSecrets {
  config: StartConfig;
  /** Files this start created (first start), for the one line the operator sees. */
  created: string[];
}

export function secretsDir(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, 'secrets');
}

/**
 * Replicas (GRIMNIR_REDIS_ADDR) must all sign with one key, and each pod has a data directory of
 * its own: a generated secret is offered to Redis (SET NX) and whatever Redis holds is used, so
 * the first replica's secret becomes everybody's. Configured secrets are never sent to Redis.
 */
export async function shareGeneratedSecrets(
  configured: Config,
  resolved: StartConfig,
  redis: SecretsStore | undefined,
): Promise<StartConfig> {
  if (redis === undefined) return resolved;
  const share = async (name: string, value: string) => {
    const key = `${configured.redis.keyPrefix}secrets:${name}`;
    await redis.set(key, value, 'NX');
    return (await redis.get(key)) ?? value;
  };
  const signingKey =
    configured.jwt.signingKey ?? (await share('jwt_signing_key', resolved.jwt.signingKey));
  const icecast =
    configured.icecastSourcePassword ??
    (await share('icecast_source_password', resolved.icecastSourcePassword));
  return Object.freeze({
    ...resolved,
    jwt: Object.freeze({ ...resolved.jwt, signingKey }),
    icecastSourcePassword: icecast,
  });
}

/** The two Redis commands sharing needs (an ioredis client). */
interface SecretsStore {
  set(key: string, value: string, nx: 'NX'): Promise<unknown>;
  get(key: string): Promise<string | null>;
}

export async function resolveInstanceSecrets(config: Config): Promise<InstanceSecrets> {
  const needKey = config.jwt.signingKey === undefined;
  const needIce = config.icecastSourcePassword === undefined;
  const created: string[] = [];
  let signingKey = config.jwt.signingKey;
  let icecast = config.icecastSourcePassword;
  if (needKey || needIce) {
    const dir = secretsDir(config);
    await privateDir(dir);
    if (needKey) signingKey = await readOrCreate(dir, GENERATED.jwtSigningKey, created);
    if (needIce) icecast = await readOrCreate(dir, GENERATED.icecastSourcePassword, created);
  }
  return {
    created,
    config: Object.freeze({
      ...config,
      jwt: Object.freeze({ ...config.jwt, signingKey: signingKey! }),
      icecastSourcePassword: icecast!,
    }),
  };
}

async function privateDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    // An existing directory (a restore, a hand-made one) is narrowed to the owner too.
    await chmod(dir, 0o700);
  } catch (err) {
    throw new StartRefusal(
      `GRIMNIR_DATA_DIR: cannot keep generated secrets in ${dir} (${errCode(err)}); make it ` +
        'writable by the service user, or set GRIMNIR_JWT_SIGNING_KEY and ' +
        'GRIMNIR_ICECAST_SOURCE_PASSWORD',
    );
  }
}

async function readOrCreate(
  dir: string,
  spec: { file: string; bytes: number; minLength: number },
  created: string[],
): Promise<string> {
  const path = join(dir, spec.file);
  const existing = await readSecret(path, spec.minLength);
  if (existing !== undefined) return existing;
  // Written under a temporary name, then linked into place: link() fails when another process
  // (a second replica on the same volume) got there first, and nobody reads a half-written file.
  const value = randomBytes(spec.bytes).toString('base64url');
  const tmp = join(dir, `.${spec.file}.${randomUUID()}`);
  await writeFile(tmp, `${value}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(tmp, path);
    created.push(path);
    return value;
  } catch (err) {
    if (errCode(err) !== 'EEXIST') throw err;
    const winner = await readSecret(path, spec.minLength);
    if (winner === undefined) throw refusal(path, 'vanished while being read');
    return winner;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

async function readSecret(path: string, minLength: number): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (errCode(err) === 'ENOENT') return undefined;
    throw refusal(path, `cannot be read (${errCode(err)})`);
  }
  const value = text.trim();
  // A truncated or emptied file must not silently become a short key.
  if (value.length < minLength) throw refusal(path, `holds fewer than ${minLength} characters`);
  if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
  return value;
}

function refusal(path: string, what: string): StartRefusal {
  return new StartRefusal(
    `GRIMNIR_DATA_DIR: the generated secret ${path} ${what}; restore it from a backup, or ` +
      'delete it to generate a new one (a new signing key logs everybody out)',
  );
}

function errCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : String(err);
}
