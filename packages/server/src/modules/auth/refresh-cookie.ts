import type { FastifyReply, FastifyRequest } from 'fastify';

// The console keeps its refresh token where page scripts cannot read it: an httpOnly,
// SameSite=Strict cookie scoped to the auth routes. API clients keep using the JSON body.
// A client opts in with this header on login; refresh and logout then read the cookie.
export const SESSION_HEADER = 'x-grimnir-session';
const COOKIE = 'grimnir_refresh';
const PATH = '/api/v1/auth';

/** True when the caller asked for cookie mode (the web console does, API clients do not). */
export function wantsCookie(request: FastifyRequest): boolean {
  return request.headers[SESSION_HEADER] === 'cookie';
}

/** The refresh token from the cookie, if the browser sent one. */
export function refreshFromCookie(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === COOKIE) {
      const value = part.slice(eq + 1).trim();
      return value === '' ? undefined : decodeURIComponent(value);
    }
  }
  return undefined;
}

function attributes(request: FastifyRequest): string {
  // Secure whenever the browser reached us over HTTPS (directly or through a trusted proxy);
  // over plain http://localhost a Secure cookie would never come back.
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `Path=${PATH}; HttpOnly; SameSite=Strict${secure}`;
}

/** A session cookie: it ends with the browser; the token itself expires server-side anyway. */
export function setRefreshCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
): void {
  void reply.header('set-cookie', `${COOKIE}=${encodeURIComponent(token)}; ${attributes(request)}`);
}

export function clearRefreshCookie(request: FastifyRequest, reply: FastifyReply): void {
  void reply.header('set-cookie', `${COOKIE}=; Max-Age=0; ${attributes(request)}`);
}
