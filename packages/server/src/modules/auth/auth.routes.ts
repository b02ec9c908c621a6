import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { LoginRequest, RefreshRequest, TokenResponse } from '@grimnir/contracts';
import { AppError, unauthorized } from '../../errors.js';
import { errorResponses, zodApp } from '../../plugins/route-helpers.js';
import type { AuthService } from './auth.service.js';
import {
  SESSION_HEADER,
  clearRefreshCookie,
  refreshFromCookie,
  setRefreshCookie,
  wantsCookie,
} from './refresh-cookie.js';

const tags = ['auth'];
type Pair = z.infer<typeof TokenResponse>;

// Browsers send the token in the cookie and no body; API clients send the body.
const RefreshBody = RefreshRequest.partial().nullish();
const cookieNote =
  `With \`${SESSION_HEADER}: cookie\` the refresh token travels only in an httpOnly ` +
  'SameSite=Strict cookie (the body carries an empty refresh_token); refresh and logout then ' +
  'read it from the cookie.';

/** In cookie mode the refresh token goes into the cookie and never into page scripts' reach. */
function answer(request: FastifyRequest, reply: FastifyReply, pair: Pair, cookie: boolean): Pair {
  if (!cookie) return pair;
  setRefreshCookie(request, reply, pair.refresh_token);
  return { ...pair, refresh_token: '' };
}

export function registerAuthRoutes(app: FastifyInstance, auth: AuthService): void {
  const r = zodApp(app);
  r.post('/api/v1/auth/login', {
    schema: {
      tags,
      summary: 'Log in with username or email',
      description: cookieNote,
      body: LoginRequest,
      response: { 200: TokenResponse, ...errorResponses },
    },
    handler: async (request, reply) => {
      try {
        const pair = await auth.login(request.body.username, request.body.password, {
          ip: request.ip,
          requestId: request.id,
        });
        return answer(request, reply, pair, wantsCookie(request));
      } catch (err) {
        const retry = (err as { retryAfterSeconds?: number }).retryAfterSeconds;
        if (err instanceof AppError && retry !== undefined)
          void reply.header('retry-after', String(retry));
        throw err;
      }
    },
  });
  r.post('/api/v1/auth/refresh', {
    schema: {
      tags,
      description: cookieNote,
      body: RefreshBody,
      response: { 200: TokenResponse, ...errorResponses },
    },
    handler: async (request, reply) => {
      const fromBody = request.body?.refresh_token;
      const token = fromBody ?? refreshFromCookie(request);
      if (token === undefined) throw unauthorized('no refresh token');
      try {
        return answer(request, reply, await auth.refresh(token), fromBody === undefined);
      } catch (err) {
        // A dead cookie would be sent on every page load: drop it with the refusal.
        if (fromBody === undefined) clearRefreshCookie(request, reply);
        throw err;
      }
    },
  });
  r.post('/api/v1/auth/logout', {
    schema: { tags, body: RefreshBody, response: { 204: z.null(), ...errorResponses } },
    handler: async (request, reply) => {
      const token = request.body?.refresh_token ?? refreshFromCookie(request);
      if (token !== undefined) await auth.logout(token);
      if (refreshFromCookie(request) !== undefined) clearRefreshCookie(request, reply);
      return reply.status(204).send(null);
    },
  });
}
