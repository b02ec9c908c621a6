import type { Config } from '../config.js';
import { buildServices } from './services.js';
import type { DatabaseHandle } from '../db/database.js';
import { createInProcessAccessSignals } from '../infra/access-signals.js';
import { systemClock } from '../infra/clock.js';
import type { Logger } from 'pino';
import { createPasswordHasher, randomSecret } from '../modules/auth/index.js';

/**
 * The services for a short-lived CLI command (user create, import): the same graph as the
 * server's, without anything that plays, publishes or signs a token.
 */
export function buildCliServices(config: Config, database: DatabaseHandle, log: Logger) {
  return buildServices(
    {
      // Nothing here signs a token, so a throwaway key stands in for the instance's (a CLI
      // command writes no secrets files).
      config: {
        ...config,
        jwt: { ...config.jwt, signingKey: randomSecret() },
        icecastSourcePassword: config.icecastSourcePassword ?? '',
      },
      database,
      clock: systemClock,
      // Nothing a CLI command changes is cached as somebody's rights: nothing to tell a server.
      access: createInProcessAccessSignals(log),
      // A CLI command creates no station; servers' lists expire theirs within seconds anyway.
      stationChanges: createInProcessAccessSignals(log, 'station signal'),
      programme: 'schedule',
      // Nobody listens to this short-lived process's events: consoles of a running server
      // see new items on their next library load (its analysis queue polls the table).
      events: { publish: () => undefined },
    },
    createPasswordHasher(12),
  );
}
export type CliServices = ReturnType<typeof buildCliServices>;
