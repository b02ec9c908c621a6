// The face of `auth`: what the composition root and other features may use.
// Everything else in this folder is private to it (checked by dependency-cruiser).
export { registerAuthRoutes } from './auth.routes.js';
export { createAuthService } from './auth.service.js';
export { randomSecret, sha256Hex } from './hashing.js';
export { createJwtIssuer } from './jwt.js';
export { createAttemptLimiter } from './login-limiter.js';
export type { AttemptLimiter } from './login-limiter.js';
export { createPasswordHasher } from './passwords.js';
export type { PasswordHasher } from './passwords.js';
export { effectiveStationRole, stationRoleAtLeast } from './principal.js';
export { createRefreshTokensRepository } from './refresh-tokens.repository.js';
export type { RefreshTokensRepository } from './refresh-tokens.repository.js';
export type { UserState } from './user-state-cache.js';
