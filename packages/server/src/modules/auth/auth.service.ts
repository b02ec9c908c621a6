import { randomUUID } from 'node:crypto';
import type { Clock } from '../../infra/clock.js';
import { AppError, tooManyRequests, unauthorized } from '../../errors.js';
import type { AuditLog } from '../audit/index.js';
import { randomSecret, sha256Hex } from './hashing.js';
import type { JwtIssuer } from './jwt.js';
import type { AttemptLimiter } from './login-limiter.js';
import type { PasswordHasher } from './passwords.js';
import type { Principal } from '../../plugins/principal.js';
import type { RefreshTokensRepository } from './refresh-tokens.repository.js';
import type { UserStateCache } from './user-state-cache.js';

/** @public the declaration emit of buildServices(), whose return type is inferred, names it. */
export interface TokenPair {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
}

/** The account fields sign-in reads. */
interface Account {
  id: string;
  username: string;
  passwordHash: string;
  role: Principal['role'];
  active: boolean;
  tokenVersion: number;
}

/**
 * The accounts auth signs in against: a port the users repository satisfies, so users (which
 * hashes passwords and revokes tokens through auth) and auth do not import each other.
 */
interface AccountStore {
  findByLogin(login: string): Promise<Account | undefined>;
  findById(id: string): Promise<Account | undefined>;
  touchLogin(id: string, now: string): Promise<void>;
  bumpTokenVersion(id: string): Promise<void>;
}

interface Deps {
  users: AccountStore;
  refreshTokens: RefreshTokensRepository;
  hasher: PasswordHasher;
  jwt: JwtIssuer;
  audit: AuditLog;
  clock: Clock;
  refreshTtlDays: number;
  ipLimiter: AttemptLimiter;
  accountLimiter: AttemptLimiter;
  /** The users' rights as every request checks them, cached, dropped on access signals. */
  userState: UserStateCache;
  /** Tells every replica that a user's rights changed (here: logout). */
  accessChanged(userId: string): void;
}

/** @public the declaration emit of buildServices(), whose return type is inferred, names it. */
export interface RequestMeta {
  ip: string;
  requestId: string;
}

const invalidCredentials = () =>
  new AppError(401, 'invalid_credentials', 'invalid username or password');

export function createAuthService(d: Deps) {
  async function issuePair(
    user: { id: string; username: string; role: Principal['role']; tokenVersion: number },
    familyId: string,
  ): Promise<{ pair: TokenPair; refreshId: string }> {
    const now = d.clock.now();
    const refresh = randomSecret();
    const refreshId = randomUUID();
    await d.refreshTokens.insert({
      id: refreshId,
      userId: user.id,
      tokenHash: sha256Hex(refresh),
      familyId,
      expiresAt: new Date(now.getTime() + d.refreshTtlDays * 86_400_000).toISOString(),
      now: now.toISOString(),
    });
    const access = await d.jwt.sign({
      userId: user.id,
      username: user.username,
      role: user.role,
      tokenVersion: user.tokenVersion,
    });
    return {
      refreshId,
      pair: {
        access_token: access,
        token_type: 'Bearer',
        expires_in: d.jwt.ttlSeconds,
        refresh_token: refresh,
      },
    };
  }

  function checkLimits(ipKey: string, accountKey: string | undefined, nowMs: number): void {
    const wait = Math.max(
      d.ipLimiter.blockedFor(ipKey, nowMs),
      accountKey === undefined ? 0 : d.accountLimiter.blockedFor(accountKey, nowMs),
    );
    if (wait > 0) {
      const err = tooManyRequests(`too many login attempts; try again in ${wait} s`);
      throw Object.assign(err, { retryAfterSeconds: wait });
    }
  }

  return {
    async login(login: string, password: string, meta: RequestMeta): Promise<TokenPair> {
      const nowMs = d.clock.now().getTime();
      const ipKey = `ip:${meta.ip}`;
      checkLimits(ipKey, undefined, nowMs);
      d.ipLimiter.hit(ipKey, nowMs);
      const user = await d.users.findByLogin(login);
      // One limiter per account whatever name was typed (username or e-mail); a name that is
      // no account is limited on its own, so guessing names costs the same.
      const accountKey = user ? `acct:${user.id}` : `name:${login.trim().toLowerCase()}`;
      checkLimits(ipKey, accountKey, nowMs);
      // Verified even for a disabled or unknown account, and answered alike: the response and
      // its timing say nothing about which names exist or which accounts are disabled.
      const ok = await d.hasher.verify(password, user?.passwordHash ?? '');
      if (!user || !ok || !user.active) {
        d.accountLimiter.hit(accountKey, nowMs);
        throw invalidCredentials();
      }
      d.accountLimiter.reset(accountKey);
      const { pair } = await issuePair(user, randomUUID());
      await d.users.touchLogin(user.id, d.clock.now().toISOString());
      await d.audit.record({
        userId: user.id,
        action: 'auth.login',
        targetType: 'user',
        targetId: user.id,
        requestId: meta.requestId,
        ip: meta.ip,
      });
      return pair;
    },

    /**
     * Rotation with reuse detection: a refresh token works once. Presenting one that was
     * already rotated means it leaked, so its whole family is revoked.
     */
    async refresh(token: string): Promise<TokenPair> {
      const now = d.clock.now().toISOString();
      const rec = await d.refreshTokens.findByHash(sha256Hex(token));
      if (!rec) throw unauthorized('invalid refresh token');
      if (rec.revokedAt !== null) {
        await d.refreshTokens.revokeFamily(rec.familyId, now);
        throw unauthorized('refresh token already used or revoked');
      }
      if (rec.expiresAt <= now) throw unauthorized('refresh token expired');
      const user = await d.users.findById(rec.userId);
      if (!user || !user.active) throw unauthorized('account unavailable');
      const { pair, refreshId } = await issuePair(user, rec.familyId);
      if (!(await d.refreshTokens.markReplaced(rec.id, refreshId, now))) {
        await d.refreshTokens.revokeFamily(rec.familyId, now);
        throw unauthorized('refresh token already used or revoked');
      }
      return pair;
    },

    /**
     * Ends the session family of this refresh token and revokes every access token of its user
     * at once (a token version bump): after a logout no copy of an access token keeps working,
     * on any device, and the user's WebSockets close. Other devices refresh silently.
     */
    async logout(token: string): Promise<void> {
      const rec = await d.refreshTokens.findByHash(sha256Hex(token));
      if (!rec) return;
      await d.refreshTokens.revokeFamily(rec.familyId, d.clock.now().toISOString());
      await d.users.bumpTokenVersion(rec.userId);
      d.accessChanged(rec.userId);
    },

    /** Bearer JWT → principal, checked against the user's current rights (cached). */
    async principalFromJwt(token: string): Promise<Principal> {
      const claims = await d.jwt.verify(token);
      if ('reason' in claims) {
        throw new AppError(
          401,
          claims.reason === 'expired' ? 'token_expired' : 'invalid_token',
          `access token ${claims.reason === 'expired' ? 'expired' : 'invalid'}`,
        );
      }
      const user = await d.userState.get(claims.userId);
      if (!user || !user.active) throw new AppError(401, 'invalid_token', 'account unavailable');
      if (user.tokenVersion !== claims.tokenVersion)
        throw new AppError(401, 'invalid_token', 'access token revoked');
      return {
        userId: user.id,
        username: user.username,
        // The current role, not the one signed into the token: a demotion applies at once.
        role: user.role,
        via: 'jwt',
        session: { tokenVersion: claims.tokenVersion, expiresAtMs: claims.expiresAtMs },
      };
    },

    /**
     * Whether a principal resolved earlier (an open WebSocket) still holds exactly the rights it
     * was given: same user, active, same role, same token version, token not expired.
     */
    async stillValid(p: Principal): Promise<boolean> {
      const user = await d.userState.get(p.userId);
      if (!user || !user.active || user.role !== p.role) return false;
      if (p.session === undefined) return true;
      return (
        user.tokenVersion === p.session.tokenVersion &&
        d.clock.now().getTime() < p.session.expiresAtMs
      );
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
