import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '@grimnir/contracts';
import { roleAtLeast } from '@grimnir/contracts';
import { forbidden, unauthorized } from '../errors.js';
import type { Principal } from './principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

/**
 * Resolves the caller once per request from `Authorization: Bearer`, `X-API-Key`, or (for
 * WebSockets and players that cannot set headers) `?token=`. Absent credentials leave the
 * request anonymous; present-but-bad credentials are a 401, so a client with an expired token
 * learns to refresh instead of silently seeing the public view.
 */
export function registerAuthentication(
  app: FastifyInstance,
  // The auth and api-keys services, as ports: they register routes through these plugins.
  auth: { principalFromJwt(token: string): Promise<Principal> },
  apiKeys: { principalFromKey(key: string): Promise<Principal> },
): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    const apiKey = request.headers['x-api-key'];
    if (typeof header === 'string' && header !== '') {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (m?.[1] !== undefined) {
        request.principal = await auth.principalFromJwt(m[1]);
        return;
      }
      // Basic auth belongs to the Icecast source protocol on /live; elsewhere it is ignored.
      if (/^Basic\s/i.test(header)) return;
      throw unauthorized('unsupported Authorization scheme (use Bearer)');
    }
    if (typeof apiKey === 'string' && apiKey !== '') {
      request.principal = await apiKeys.principalFromKey(apiKey);
      return;
    }
    const token = (request.query as Record<string, unknown> | undefined)?.token;
    if (typeof token === 'string' && token !== '') {
      request.principal = token.startsWith('gr_')
        ? await apiKeys.principalFromKey(token)
        : await auth.principalFromJwt(token);
    }
  });
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (request.principal === undefined) throw unauthorized();
  return request.principal;
}

export function requireRole(request: FastifyRequest, role: Role): Principal {
  const p = requirePrincipal(request);
  if (!roleAtLeast(p.role, role)) throw forbidden(`requires the ${role} role`);
  return p;
}
