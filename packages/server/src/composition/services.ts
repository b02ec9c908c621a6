import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/database.js';
import type { Clock } from '../infra/clock.js';
import { createApiKeysRepository } from '../modules/api-keys/index.js';
import { createApiKeysService } from '../modules/api-keys/index.js';
import { createAuditLog } from '../modules/audit/index.js';
import { createAuthService } from '../modules/auth/index.js';
import { createJwtIssuer } from '../modules/auth/index.js';
import { createAttemptLimiter } from '../modules/auth/index.js';
import type { PasswordHasher } from '../modules/auth/index.js';
import { createRefreshTokensRepository } from '../modules/auth/index.js';
import { createMediaRepository } from '../modules/media/index.js';
import { createMediaService } from '../modules/media/index.js';
import type { Playout } from '../modules/playout/index.js';
import type { UpcomingItems } from '../modules/playout/index.js';
import { scheduleUpcomingItems } from '../modules/playout/index.js';
import { createScheduleRepository } from '../modules/programming/index.js';
import { createMountsRepository } from '../modules/stations/index.js';
import { createMountsService } from '../modules/stations/index.js';
import { createStationAccess } from '../modules/stations/index.js';
import { createStationsRepository } from '../modules/stations/index.js';
import { createStationsService } from '../modules/stations/index.js';
import { createMembersRepository } from '../modules/stations/index.js';
import { createMembersService } from '../modules/stations/index.js';
import { createUsersRepository } from '../modules/users/index.js';
import { createUsersService } from '../modules/users/index.js';
import { createWebstreamsRepository } from '../modules/webstreams/index.js';

interface ServicesDeps {
  config: Config;
  database: DatabaseHandle;
  clock: Clock;
  /** What automation plays: the materialised schedule, or a test's own list of items. */
  programme: 'schedule' | UpcomingItems;
}

/** Repositories → services, wired explicitly (no container): one place shows the whole graph. */
export function buildServices(deps: ServicesDeps, hasher: PasswordHasher) {
  const { database, config, clock } = deps;
  const db = database.db;
  const audit = createAuditLog(db, clock);
  const users = createUsersRepository(db);
  const members = createMembersRepository(db);
  const refreshTokens = createRefreshTokensRepository(db);
  const apiKeyRepo = createApiKeysRepository(db, database.readDb);
  const stationsRepo = createStationsRepository(db, database.readDb);
  const mountsRepo = createMountsRepository(db, database.readDb);
  const mediaRepo = createMediaRepository(db, database.readDb);
  const access = createStationAccess({ stations: stationsRepo, members });
  const loginWindowMs = 60_000;
  // One schedule view for automation and for live ingest's "is a live show scheduled now".
  const upcoming =
    deps.programme === 'schedule'
      ? scheduleUpcomingItems(createScheduleRepository(db), createWebstreamsRepository(db))
      : deps.programme;
  return {
    clock,
    upcoming,
    audit,
    access,
    repositories: {
      users,
      members,
      refreshTokens,
      apiKeys: apiKeyRepo,
      stations: stationsRepo,
      mounts: mountsRepo,
      media: mediaRepo,
    },
    auth: createAuthService({
      users,
      refreshTokens,
      hasher,
      jwt: createJwtIssuer(config.jwt.signingKey, config.jwt.ttlMinutes, clock),
      audit,
      clock,
      refreshTtlDays: config.jwt.refreshTtlDays,
      ipLimiter: createAttemptLimiter(config.loginRateLimitPerMinute * 3, loginWindowMs),
      accountLimiter: createAttemptLimiter(config.loginRateLimitPerMinute, loginWindowMs),
    }),
    apiKeys: createApiKeysService({ keys: apiKeyRepo, users, audit, clock }),
    users: createUsersService({ db, users, refreshTokens, hasher, audit, clock }),
    members: createMembersService({ members, users, access, audit, clock }),
    stations: createStationsService({
      db,
      stations: stationsRepo,
      mounts: mountsRepo,
      members,
      access,
      audit,
      clock,
    }),
    mounts: createMountsService({ mounts: mountsRepo, access, audit, clock }),
    media: createMediaService({
      db,
      repo: mediaRepo,
      access,
      audit,
      clock,
      isScheduled: (id) => mediaRepo.isScheduled(id, clock.now().toISOString()),
      mediaRoot: config.mediaRoot,
      maxUploadBytes: config.maxUploadBytes,
    }),
  };
}
export type BaseServices = ReturnType<typeof buildServices>;
/** The services plus playout, which needs the runtime's engine and leader commands. */
export type Services = BaseServices & { playout: Playout };
