import { ApiError } from '../../api/client';

/** What the login form says for each refusal: the cause and what to do about it. */
export function loginErrorText(e: unknown): { title: string; text: string } {
  if (!(e instanceof ApiError)) return { title: 'Could not log in', text: String(e) };
  // A disabled account is refused like a wrong password too (no account-state oracle).
  if (e.status === 401)
    return { title: 'Wrong username or password', text: 'Check both and try again.' };
  if (e.status === 429) {
    const wait = e.retryAfterSeconds;
    return {
      title: 'Too many login attempts',
      text: wait ? `Wait ${wait} seconds, then try again.` : 'Wait a minute, then try again.',
    };
  }
  if (e.status === 0) return { title: 'The server did not answer', text: e.message };
  return { title: 'Could not log in', text: e.message };
}
