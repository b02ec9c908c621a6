import type { Role } from '@grimnir/contracts';

/**
 * Who is calling. Resolved once per request by authenticate.ts; it lives here, beside the
 * plugins that set and read it, so the HTTP plugins import no feature module (auth, users and
 * api-keys all register routes through these plugins).
 */
export interface Principal {
  readonly userId: string;
  readonly username: string;
  readonly role: Role;
  /** `cli`: an operator at the server's shell acting as a user (`grimnirradio import --as`). */
  readonly via: 'jwt' | 'api_key' | 'cli';
  /**
   * Access tokens only: the user's token version it was signed with and when it expires, so a
   * WebSocket opened with it ends when the token would have stopped working.
   */
  readonly session?: { readonly tokenVersion: number; readonly expiresAtMs: number };
}
