import { api, ApiError, connectSession, unwrap } from '../api/client';
import type { Data } from '../api/types';

export type Me = Data<'/api/v1/users/me'>;

export type SessionState =
  | { status: 'anonymous'; reason?: 'logged_out' | 'expired' }
  | { status: 'authenticated'; user: Me };

// The access token lives in this module's memory only (never storage): a reload or a new tab
// gets a fresh one from the refresh cookie, which page scripts cannot read.
let token: string | undefined;
let state: SessionState = { status: 'anonymous' };
let timer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();
const COOKIE_MODE = { 'x-grimnir-session': 'cookie' } as const;
// Other tabs of the same console: a logout in one ends the session in all.
const channel =
  typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel('grimnir-session');

function set(next: SessionState): void {
  state = next;
  for (const l of listeners) l();
}

export const session = {
  get: (): SessionState => state,
  token: (): string | undefined => token,
  /**
   * A fresh access token from the refresh cookie, and the user read again (the server closes
   * the events socket when the user's role changed): false when the session is over.
   */
  renew: async (): Promise<boolean> => {
    if (!(await renew())) return false;
    try {
      const user = await fetchMe();
      if (state.status === 'authenticated') set({ status: 'authenticated', user });
    } catch {
      // The token is fresh; the old user record stays until the next successful read.
    }
    return token !== undefined;
  },
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

async function fetchMe(): Promise<Me> {
  return unwrap(api.GET('/api/v1/users/me'));
}

interface Pair {
  access_token: string;
  expires_in: number;
}

function adopt(pair: Pair): void {
  token = pair.access_token;
  clearTimeout(timer);
  // Renew well before expiry (a fifth of the lifetime, at least 30 s ahead) so requests and
  // the events socket never meet an expired token in normal operation.
  const lead = Math.max(30, pair.expires_in / 5);
  timer = setTimeout(() => void renew(), Math.max(5, pair.expires_in - lead) * 1000);
}

function end(reason: 'logged_out' | 'expired'): void {
  token = undefined;
  clearTimeout(timer);
  set({ status: 'anonymous', reason });
}

/**
 * One refresh at a time across every tab: refresh tokens rotate and a reused one revokes the
 * whole family, so two tabs racing with the same cookie would log each other out.
 */
async function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  if (typeof navigator !== 'undefined' && 'locks' in navigator)
    return navigator.locks.request('grimnir-refresh', fn);
  return fn();
}

let inflight: Promise<boolean> | undefined;

/** Gets a new access token from the refresh cookie; false when the session is over. */
function renew(): Promise<boolean> {
  inflight ??= exclusive(async () => {
    try {
      const pair = await unwrap(
        api.POST('/api/v1/auth/refresh', { body: {}, headers: COOKIE_MODE }),
      );
      adopt(pair);
      return true;
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
        if (state.status === 'authenticated') end('expired');
        return false;
      }
      // The server is restarting or the network dropped: keep the session, try again soon.
      clearTimeout(timer);
      timer = setTimeout(() => void renew(), 10_000);
      return token !== undefined;
    }
  }).finally(() => (inflight = undefined));
  return inflight;
}

/** On start: a refresh cookie from an earlier visit logs the user straight back in. */
export async function restore(): Promise<void> {
  if (await renew()) {
    try {
      set({ status: 'authenticated', user: await fetchMe() });
    } catch {
      end('expired');
    }
  }
}

export async function login(username: string, password: string): Promise<void> {
  const pair = await unwrap(
    api.POST('/api/v1/auth/login', { body: { username, password }, headers: COOKIE_MODE }),
  );
  adopt(pair);
  set({ status: 'authenticated', user: await fetchMe() });
}

export async function logout(): Promise<void> {
  try {
    await unwrap(api.POST('/api/v1/auth/logout', { body: {}, headers: COOKIE_MODE }));
  } finally {
    end('logged_out');
    channel?.postMessage('logout');
  }
}

channel?.addEventListener('message', (e: MessageEvent) => {
  if (e.data === 'logout' && state.status === 'authenticated') end('logged_out');
});

connectSession({ token: () => token, renew });
