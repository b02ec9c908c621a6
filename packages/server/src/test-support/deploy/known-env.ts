// Configuration variables the artifacts may set: the ones the production guide names
// (design/SEED-CONTRACT.md) plus the ones our build adds. A typo in a manifest shows up as a
// variable outside this list.
export const KNOWN_GRIMNIR_ENV = new Set([
  'GRIMNIR_ENV',
  'GRIMNIR_HOME',
  'GRIMNIR_HTTP_PORT',
  'GRIMNIR_HTTP_BIND',
  'GRIMNIR_DB_BACKEND',
  'GRIMNIR_DB_DSN',
  'GRIMNIR_DB_READ_DSN',
  'GRIMNIR_DB_MAX_OPEN_CONNS',
  'GRIMNIR_DB_MAX_IDLE_CONNS',
  'GRIMNIR_REDIS_ADDR',
  'GRIMNIR_REDIS_PASSWORD',
  'GRIMNIR_JWT_SIGNING_KEY',
  'GRIMNIR_JWT_TTL_MINUTES',
  'GRIMNIR_ICECAST_SOURCE_PASSWORD',
  'GRIMNIR_MEDIA_ROOT',
  'GRIMNIR_MEDIA_ENGINE_GRPC_ADDR',
  'GRIMNIR_MEDIA_ENGINE_BUFFER_SIZE',
  'GRIMNIR_MEDIA_ENGINE_LATENCY',
  'GRIMNIR_LOG_LEVEL',
  'GRIMNIR_SCHEDULER_LOOKAHEAD',
  'GRIMNIR_SCHEDULER_TICK_INTERVAL',
  'GRIMNIR_WEBRTC_TURN_URL',
  'GRIMNIR_WEBRTC_TURN_USERNAME',
  'GRIMNIR_WEBRTC_TURN_PASSWORD',
  'GRIMNIR_ADMIN_PASSWORD',
  'GRIMNIR_MAX_UPLOAD_MB',
  'GRIMNIR_DEAD_AIR_SECONDS',
]);

/** GRIMNIR_X_FILE is read by deploy/docker/entrypoint.sh into GRIMNIR_X. */
export function isKnownGrimnirEnv(name: string): boolean {
  return KNOWN_GRIMNIR_ENV.has(name.replace(/_FILE$/, ''));
}

/** Keys of the guide's `kubectl create secret generic grimnir-secrets` (Kubernetes quick start). */
export const GUIDE_SECRET_KEYS = new Set([
  'POSTGRES_PASSWORD',
  'REDIS_PASSWORD',
  'GRIMNIR_JWT_SIGNING_KEY',
  'GRIMNIR_DB_DSN',
  'GRIMNIR_REDIS_ADDR',
  'GRIMNIR_REDIS_PASSWORD',
]);
