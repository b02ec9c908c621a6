import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Services } from './composition/services.js';

/**
 * First start: with no user at all, create `admin` so the station can be managed. The password
 * comes from GRIMNIR_ADMIN_PASSWORD, else it is generated and returned so the CLI prints it once
 * (it is never logged).
 */
export async function ensureFirstAdmin(
  services: Services,
  adminPassword: string | undefined,
  log: Logger,
): Promise<
  { created: false } | { created: true; username: string; generatedPassword: string | undefined }
> {
  if ((await services.users.countUsers()) > 0) return { created: false };
  const password = adminPassword ?? randomBytes(12).toString('base64url');
  try {
    await services.users.create(
      { username: 'admin', email: 'admin@localhost', password, role: 'admin', active: true },
      undefined,
    );
  } catch (err) {
    // Several replicas starting at once race here; whoever lost finds the winner's admin.
    if ((await services.users.countUsers()) > 0) return { created: false };
    throw err;
  }
  log.info({ username: 'admin' }, 'created the first admin user');
  return {
    created: true,
    username: 'admin',
    generatedPassword: adminPassword === undefined ? password : undefined,
  };
}
