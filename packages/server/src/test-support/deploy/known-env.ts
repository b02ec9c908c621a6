// Configuration variables the artifacts may set: exactly the keys of the server's config schema
// (packages/server/src/config.ts, the only reader of process.env), which the media engine shares.
// A typo in a manifest shows up as a variable outside this set.
import { readRepoFile } from './files.js';

const configKeys = [
  ...readRepoFile('packages/server/src/config.ts').matchAll(/^\s+(GRIMNIR_[A-Z0-9_]+):/gm),
].map((m) => m[1] ?? '');

if (configKeys.length < 20) throw new Error('could not read the keys of the config schema');

/** GRIMNIR_HOME is read by the deploy/bin wrappers, not by the server. */
export const KNOWN_GRIMNIR_ENV: ReadonlySet<string> = new Set([...configKeys, 'GRIMNIR_HOME']);

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
