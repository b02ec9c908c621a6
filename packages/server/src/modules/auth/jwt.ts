import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Role } from '@grimnir/contracts';
import { ROLES } from '@grimnir/contracts';
import type { Clock } from '../../infra/clock.js';

export interface AccessClaims {
  userId: string;
  username: string;
  role: Role;
  /** The user's token version at signing; a bump (logout, new password) revokes the token. */
  tokenVersion: number;
}

export interface JwtIssuer {
  readonly ttlSeconds: number;
  sign(claims: AccessClaims): Promise<string>;
  /** Returns undefined for any invalid, expired or tampered token: the caller answers 401. */
  verify(
    token: string,
  ): Promise<
    (AccessClaims & { expiresAtMs: number; reason?: never }) | { reason: 'expired' | 'invalid' }
  >;
}

const ISSUER = 'grimnirradio';
// jose's default leeway for `exp`, kept for tokens answered from the cache below.
const CLOCK_TOLERANCE_S = 5;
const VERIFIED_CACHE_SIZE = 10_000;

type Verified = AccessClaims & { expiresAtMs: number };

export function createJwtIssuer(signingKey: string, ttlMinutes: number, clock: Clock): JwtIssuer {
  const key = new TextEncoder().encode(signingKey);
  const ttlSeconds = ttlMinutes * 60;
  /**
   * Tokens whose signature and claims were checked, by their exact text: a console sends the
   * same token on every request until it expires, and verifying it again (a WebCrypto HMAC on
   * the thread pool) was the largest cost of an authenticated request. What a token says cannot
   * change, so only expiry is checked again; revocation is the caller's (token version, user).
   */
  const verified = new Map<string, Verified>();
  const remember = (token: string, claims: Verified) => {
    if (verified.size >= VERIFIED_CACHE_SIZE)
      verified.delete(verified.keys().next().value as string);
    verified.set(token, claims);
  };
  return {
    ttlSeconds,
    async sign(c) {
      const iat = Math.floor(clock.now().getTime() / 1000);
      return new SignJWT({ username: c.username, role: c.role, ver: c.tokenVersion, typ: 'access' })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(c.userId)
        .setIssuer(ISSUER)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttlSeconds)
        .setJti(randomUUID())
        .sign(key);
    },
    async verify(token) {
      const hit = verified.get(token);
      if (hit !== undefined) {
        if (clock.now().getTime() < hit.expiresAtMs + CLOCK_TOLERANCE_S * 1000) return hit;
        verified.delete(token);
        return { reason: 'expired' };
      }
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: ISSUER,
          currentDate: clock.now(),
          clockTolerance: CLOCK_TOLERANCE_S,
        });
        const role = payload.role;
        if (
          payload.typ !== 'access' ||
          typeof payload.sub !== 'string' ||
          typeof payload.username !== 'string' ||
          typeof role !== 'string' ||
          !(ROLES as readonly string[]).includes(role) ||
          typeof payload.ver !== 'number' ||
          !Number.isInteger(payload.ver) ||
          typeof payload.exp !== 'number'
        ) {
          return { reason: 'invalid' };
        }
        const claims: Verified = {
          userId: payload.sub,
          username: payload.username,
          role: role as Role,
          tokenVersion: payload.ver,
          expiresAtMs: payload.exp * 1000,
        };
        remember(token, claims);
        return claims;
      } catch (err) {
        return { reason: err instanceof joseErrors.JWTExpired ? 'expired' : 'invalid' };
      }
    },
  };
}
