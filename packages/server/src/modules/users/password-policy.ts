import { MIN_GUESSES_LOG10, weakSecretReason } from '../../secret-strength.js';

/** The API's own floor (contracts' Password); the CLI and the first admin reach the service without it. */
const MIN_LENGTH = 8;

export interface PasswordOwner {
  username: string;
  email: string;
}

/**
 * Why a person's password is refused, or undefined. Everywhere a password is set (API, CLI,
 * first admin) the same rule as GRIMNIR_ADMIN_PASSWORD: in production the zxcvbn estimate must
 * reach 10^8 guesses (online guessing against the login limiter); in development and tests a
 * minimum length only, so fixtures stay short.
 */
export function passwordProblem(
  plain: string,
  owner: PasswordOwner,
  production: boolean,
): string | undefined {
  if ([...plain].length < MIN_LENGTH) return `password must be at least ${MIN_LENGTH} characters`;
  if (!production) return undefined;
  const local = owner.email.split('@')[0] ?? '';
  const reason = weakSecretReason(plain, MIN_GUESSES_LOG10.adminPassword, [
    owner.username,
    local,
    owner.email,
  ]);
  return reason === undefined ? undefined : `password is ${reason}`;
}
