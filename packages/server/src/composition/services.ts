import type { StartConfig } from '../config.js';
import type { DatabaseHandle } from '../db/database.js';
import type { AccessSignals, StationSignals } from '../infra/access-signals.js';
import type { Clock } from '../infra/clock.js';
import { createApiKeysRepository } from '../modules/api-keys/index.js';
import { createApiKeysService } from '../modules/api-keys/index.js';
import { createAuditLog } from '../modules/audit/index.js';
import { createAuditService } from '../modules/audit/index.js';
import { createAuthService } from '../modules/auth/index.js';
import { createJwtIssuer } from '../modules/auth/index.js';
import { createAttemptLimiter } from '../modules/auth/index.js';
import { createSignalledCache } from '../infra/signalled-cache.js';
import { deepFreeze } from '../plugins/frozen-serializer.js';
import type { UserState } from '../modules/auth/index.js';
import type { PasswordHasher } from '../modules/auth/index.js';
import { createRefreshTokensRepository } from '../modules/auth/index.js';
import { createOutboundFence } from '@grimnir/engine-client';
import { createDiskGuard, freeBytes } from '../infra/disk-space.js';
import { createMediaRepository } from '../modules/media/index.js';
import { createMediaService } from '../modules/media/index.js';
import { createUploadsService } from '../modules/uploads/index.js';
import type { Playout } from '../modules/playout/index.js';
import type { UpcomingItems } from '../modules/playout/index.js';
import { scheduleUpcomingItems } from '../modules/playout/index.js';
import { createScheduleRepository } from '../modules/programming/index.js';
import { createMountsRepository } from '../modules/stations/index.js';
import { createMountsService } from '../modules/stations/index.js';
import { createStationAccess } from '../modules/stations/index.js';
import { createStationsRepository } from '../modules/stations/index.js';
import { createStationsService, type StationRow } from '../modules/stations/index.js';
import { createMembersRepository } from '../modules/stations/index.js';
import { createMembersService } from '../modules/stations/index.js';
import { createUsersRepository } from '../modules/users/index.js';
import { createUsersService } from '../modules/users/index.js';
import { createWebstreamsRepository } from '../modules/webstreams/index.js';
import type { EventBus } from '../infra/event-bus.js';
import type { AnnounceMedia } from '../modules/media/index.js';

const ALL_STATIONS = 'all';

interface ServicesDeps {
  config: StartConfig;
  database: DatabaseHandle;
  clock: Clock;
  /** A user's rights changed: published by users, members and logout; caches listen. */
  access: AccessSignals;
  /** A station was created, edited or deleted: published by stations, list caches listen. */
  stationChanges: StationSignals;
  /** What automation plays: the materialised schedule, or a test's own list of items. */
  programme: 'schedule' | UpcomingItems;
  /** Where services announce changes consoles follow (the runtime's event bus). */
  events: Pick<EventBus, 'publish'>;
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
  const stationsRepo = createStationsRepository(db);
  const mountsRepo = createMountsRepository(db, database.readDb);
  const mediaRepo = createMediaRepository(db, database.readDb);
  const access = createStationAccess({ stations: stationsRepo, members });
  // One fence for every outbound URL and Icecast target the control plane opens or stores.
  const outbound = createOutboundFence(config.outbound);
  // The media root's free space, checked before uploads and analyses write (507 below it).
  const disk = createDiskGuard({
    root: config.mediaRoot,
    minFreeBytes: config.minFreeDiskBytes,
    free: freeBytes,
  });
  const media = createMediaService({
    announce: mediaAnnouncer(deps.events, clock),
    db,
    repo: mediaRepo,
    access,
    audit,
    clock,
    isScheduled: (id) => mediaRepo.isScheduled(id, clock.now().toISOString()),
    mediaRoot: config.mediaRoot,
    maxUploadBytes: config.maxUploadBytes,
    maxConcurrentUploads: config.maxConcurrentUploadsPerUser,
    disk,
  });
  const loginWindowMs = 60_000;
  const accessChanged = (userId: string) => deps.access.publish(userId);
  const userState = createSignalledCache<UserState | undefined>({
    load: (id) => users.findById(id),
    subscribe: (h) => deps.access.subscribe(h),
    nowMs: () => clock.now().getTime(),
    // Invalidation is by signal; the lifetime only bounds a signal lost between replicas.
    ttlMs: 30_000,
  });
  // GET /api/v1/stations is on every console screen: the list is read once, then served from
  // memory until a station changes (signalled on every replica). The lifetime bounds writes
  // made outside the servers (SQL by hand).
  const stationList = createSignalledCache<StationRow[]>({
    // Frozen: the same rows go to every caller, and their JSON is written once (frozen-serializer).
    load: async () => deepFreeze(await stationsRepo.list()),
    subscribe: (h) => deps.stationChanges.subscribe(() => h(ALL_STATIONS)),
    nowMs: () => clock.now().getTime(),
    ttlMs: 5_000,
    maxEntries: 1,
  });
  // One schedule view for automation and for live ingest's "is a live show scheduled now".
  const upcoming =
    deps.programme === 'schedule'
      ? scheduleUpcomingItems(createScheduleRepository(db), createWebstreamsRepository(db))
      : deps.programme;
  return {
    clock,
    upcoming,
    disk,
    outbound,
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
      userState,
      accessChanged,
    }),
    auditLog: createAuditService({ log: audit, access }),
    apiKeys: createApiKeysService({ keys: apiKeyRepo, users, audit, clock }),
    users: createUsersService({
      db,
      users,
      refreshTokens,
      hasher,
      audit,
      clock,
      accessChanged,
      production: config.env === 'production',
    }),
    members: createMembersService({ members, users, access, audit, clock, accessChanged }),
    stations: createStationsService({
      db,
      stations: stationsRepo,
      mounts: mountsRepo,
      members,
      access,
      audit,
      clock,
      catalogue: { get: () => stationList.get(ALL_STATIONS) },
      changed: (id) => deps.stationChanges.publish(id),
    }),
    mounts: createMountsService({ mounts: mountsRepo, access, audit, clock, outbound }),
    media,
    // Resumable (tus) uploads end in the same ingest as multipart ones.
    uploads: createUploadsService({ media, access, mediaRoot: config.mediaRoot, clock }),
  };
}
export type BaseServices = ReturnType<typeof buildServices>;
/** The services plus playout, which needs the runtime's engine and leader commands. */
export type Services = BaseServices & { playout: Playout };

/** Library changes as `media` events on the bus (every replica's consoles hear them). */
export function mediaAnnouncer(events: Pick<EventBus, 'publish'>, clock: Clock): AnnounceMedia {
  return (stationId, action, mediaIds) =>
    events.publish({
      type: 'media',
      payload: {
        station_id: stationId,
        at: clock.now().toISOString(),
        action,
        media_ids: mediaIds,
      },
    });
}
