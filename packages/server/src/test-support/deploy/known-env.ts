// Configuration variables the artifacts may set: exactly the keys of the two config schemas
// (packages/server/src/config.ts and packages/media-engine/src/config.ts, each process's only
// reader of process.env). A typo in a manifest shows up as a variable outside this set.
import { readRepoFile } from './files.js';

const keysOf = (file: string) =>
  [...readRepoFile(file).matchAll(/^\s+(GRIMNIR_[A-Z0-9_]+):/gm)].map((m) => m[1] ?? '');

/** Variables each process reads: the keys of its config schema (its only reader of process.env). */
export const CONTROL_PLANE_ENV: ReadonlySet<string> = new Set(
  keysOf('packages/server/src/config.ts'),
);
export const MEDIA_ENGINE_ENV: ReadonlySet<string> = new Set(
  keysOf('packages/media-engine/src/config.ts'),
);
const configKeys = [...CONTROL_PLANE_ENV, ...MEDIA_ENGINE_ENV];

if (configKeys.length < 20) throw new Error('could not read the keys of the config schema');

/** GRIMNIR_HOME is read by the deploy/bin wrappers, not by the server. */
const KNOWN_GRIMNIR_ENV: ReadonlySet<string> = new Set([...configKeys, 'GRIMNIR_HOME']);

/** GRIMNIR_X_FILE is read by deploy/docker/entrypoint.sh into GRIMNIR_X. */
export function isKnownGrimnirEnv(name: string): boolean {
  return KNOWN_GRIMNIR_ENV.has(name.replace(/_FILE$/, ''));
}

/** Keys of the guide's `kubectl create secret generic grimnir-secrets` (Kubernetes quick start). */
export const GUIDE_SECRET_KEYS: ReadonlySet<string> = new Set([
  'POSTGRES_PASSWORD',
  'REDIS_PASSWORD',
  'GRIMNIR_JWT_SIGNING_KEY',
  'GRIMNIR_DB_DSN',
  'GRIMNIR_REDIS_ADDR',
  'GRIMNIR_REDIS_PASSWORD',
]);
