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
}

/**
 * The accounts auth signs in against: a port the users repository satisfies, so users (which
 * hashes passwords and revokes tokens through auth) and auth do not import each other.
 */
interface AccountStore {
  findByLogin(login: string): Promise<Account | undefined>;
  findById(id: string): Promise<Account | undefined>;
  touchLogin(id: string, now: string): Promise<void>;
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
    user: { id: string; username: string; role: Principal['role'] },
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
    const access = await d.jwt.sign({ userId: user.id, username: user.username, role: user.role });
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

  function checkLimits(ipKey: string, accountKey: string, nowMs: number): void {
    const wait = Math.max(
      d.ipLimiter.blockedFor(ipKey, nowMs),
      d.accountLimiter.blockedFor(accountKey, nowMs),
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
      const accountKey = `acct:${login.trim().toLowerCase()}`;
      checkLimits(ipKey, accountKey, nowMs);
      d.ipLimiter.hit(ipKey, nowMs);
      const user = await d.users.findByLogin(login);
      const ok = await d.hasher.verify(password, user?.passwordHash ?? '');
      if (!user || !ok || !user.active) {
        d.accountLimiter.hit(accountKey, nowMs);
        if (user && ok && !user.active)
          throw new AppError(403, 'account_disabled', 'this account is disabled');
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

    async logout(token: string): Promise<void> {
      const rec = await d.refreshTokens.findByHash(sha256Hex(token));
      if (rec) await d.refreshTokens.revokeFamily(rec.familyId, d.clock.now().toISOString());
    },

    /** Bearer JWT → principal; the user row is re-read so deactivation takes effect at once. */
    async principalFromJwt(token: string): Promise<Principal> {
      const claims = await d.jwt.verify(token);
      if ('reason' in claims) {
        throw new AppError(
          401,
          claims.reason === 'expired' ? 'token_expired' : 'invalid_token',
          `access token ${claims.reason === 'expired' ? 'expired' : 'invalid'}`,
        );
      }
      const user = await d.users.findById(claims.userId);
      if (!user || !user.active) throw new AppError(401, 'invalid_token', 'account unavailable');
      return { userId: user.id, username: user.username, role: user.role, via: 'jwt' };
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
