import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Services } from './composition/services.js';
import type { Config } from './config.js';

type FirstAdminResult =
  { created: false } | { created: true; username: string; generatedPassword: string | undefined };

/** How an operator makes the first admin when the server leaves that to them (production). */
const CREATE_ADMIN_HINT =
  'no user exists: create the first admin with `grimnirradio user create --username admin ' +
  '--email admin@example.com --password …`, with the INSERT INTO users statement of the ' +
  'production guide, or restart with GRIMNIR_ADMIN_PASSWORD set';

/**
 * First start: with no user at all, create `admin` so the station can be managed. The password
 * comes from GRIMNIR_ADMIN_PASSWORD, else (outside production) it is generated and returned so
 * the CLI prints it once (it is never logged). In production without GRIMNIR_ADMIN_PASSWORD no
 * user is made: the guide creates `admin` by SQL after the first start, and an `admin` we had
 * made first turned its INSERT into a unique-key error.
 */
export async function ensureFirstAdmin(
  services: Services,
  config: Pick<Config, 'adminPassword' | 'env'>,
  log: Logger,
): Promise<FirstAdminResult> {
  if ((await services.users.countUsers()) > 0) return { created: false };
  const { adminPassword } = config;
  if (adminPassword === undefined && config.env === 'production') {
    log.info(CREATE_ADMIN_HINT);
    return { created: false };
  }
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
