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
  readonly via: 'jwt' | 'api_key';
}
