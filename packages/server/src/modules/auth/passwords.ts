import bcrypt from 'bcryptjs';

/**
 * bcrypt in every variant: `$2a$`, `$2b$` and Apache's `$2y$` (the guide makes admin hashes with
 * `htpasswd -bnBC 10`). The variants differ only in historic bug handling irrelevant to
 * verification, so `$2y$` is read as `$2b$`.
 */
export interface PasswordHasher {
  hash(plain: string): Promise<string>;
  verify(plain: string, hash: string): Promise<boolean>;
}

const BCRYPT_RE = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;

export function createPasswordHasher(cost: number): PasswordHasher {
  // Verifying against a real hash when the user does not exist keeps response time the same,
  // so login timing does not reveal which usernames exist.
  const dummy = bcrypt.hashSync('timing-equaliser', cost);
  return {
    hash: (plain) => bcrypt.hash(plain, cost),
    async verify(plain, hash) {
      const normalised = hash.trim().replace(/^\$2y\$/, '$2b$');
      if (!BCRYPT_RE.test(normalised)) {
        await bcrypt.compare(plain, dummy);
        return false;
      }
      return bcrypt.compare(plain, normalised);
    },
  };
}
