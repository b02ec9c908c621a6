import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** An error answer of the API: its `{"error","message","request_id"}` body and HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface SessionHooks {
  /** The current access token (memory only), if any. */
  token(): string | undefined;
  /** Refreshes the access token after a 401; resolves false when the session is over. */
  renew(): Promise<boolean>;
}

let hooks: SessionHooks = { token: () => undefined, renew: () => Promise.resolve(false) };

/** The session module plugs itself in here (it imports this client, not the other way round). */
export function connectSession(h: SessionHooks): void {
  hooks = h;
}

const AUTH_PATHS = /\/api\/v1\/auth\/(login|refresh|logout)$/;
// Request bodies are streams read once by fetch: keep a copy to resend after a refresh.
const copies = new WeakMap<Request, Request>();

const auth: Middleware = {
  onRequest({ request }) {
    // Login, refresh and logout go without the access token: they use the cookie, and the
    // server refuses any request carrying a revoked bearer (a logout on another device bumps
    // the token version), which would turn the silent refresh into "session ended".
    if (AUTH_PATHS.test(new URL(request.url).pathname)) return request;
    const token = hooks.token();
    if (token !== undefined) request.headers.set('authorization', `Bearer ${token}`);
    copies.set(request, request.clone());
    return request;
  },
  async onResponse({ request, response }) {
    const copy = copies.get(request);
    if (response.status !== 401 || copy === undefined) return response;
    // The access token expired (laptop asleep, clock skew): renew once and resend.
    if (!(await hooks.renew())) return response;
    const token = hooks.token();
    if (token !== undefined) copy.headers.set('authorization', `Bearer ${token}`);
    return fetch(copy);
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(auth);

interface ErrorBody {
  error?: string;
  message?: string;
  request_id?: string;
}

/** Turns an openapi-fetch result into its data, or throws an ApiError carrying the request id. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: Awaited<typeof call>;
  try {
    result = await call;
  } catch (e) {
    throw new ApiError(0, 'network_error', `the server did not answer (${String(e)})`, undefined);
  }
  const { data, error, response } = result;
  if (response.ok) return data as T;
  const body = (error ?? {}) as ErrorBody;
  const retry = Number(response.headers.get('retry-after'));
  throw new ApiError(
    response.status,
    body.error ?? `http_${response.status}`,
    body.message ?? response.statusText,
    body.request_id ?? response.headers.get('x-request-id') ?? undefined,
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
  );
}
