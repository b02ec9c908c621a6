import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Role } from '@grimnir/contracts';
import { ROLES } from '@grimnir/contracts';
import type { Clock } from '../../infra/clock.js';

export interface AccessClaims {
  userId: string;
  username: string;
  role: Role;
}

export interface JwtIssuer {
  readonly ttlSeconds: number;
  sign(claims: AccessClaims): Promise<string>;
  /** Returns undefined for any invalid, expired or tampered token: the caller answers 401. */
  verify(
    token: string,
  ): Promise<(AccessClaims & { reason?: never }) | { reason: 'expired' | 'invalid' }>;
}

const ISSUER = 'grimnirradio';

export function createJwtIssuer(signingKey: string, ttlMinutes: number, clock: Clock): JwtIssuer {
  const key = new TextEncoder().encode(signingKey);
  const ttlSeconds = ttlMinutes * 60;
  return {
    ttlSeconds,
    async sign(c) {
      const iat = Math.floor(clock.now().getTime() / 1000);
      return new SignJWT({ username: c.username, role: c.role, typ: 'access' })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(c.userId)
        .setIssuer(ISSUER)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttlSeconds)
        .setJti(randomUUID())
        .sign(key);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: ISSUER,
          currentDate: clock.now(),
          clockTolerance: 5,
        });
        const role = payload.role;
        if (
          payload.typ !== 'access' ||
          typeof payload.sub !== 'string' ||
          typeof payload.username !== 'string' ||
          typeof role !== 'string' ||
          !(ROLES as readonly string[]).includes(role)
        ) {
          return { reason: 'invalid' };
        }
        return { userId: payload.sub, username: payload.username, role: role as Role };
      } catch (err) {
        return { reason: err instanceof joseErrors.JWTExpired ? 'expired' : 'invalid' };
      }
    },
  };
}
