import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { Role, StationRole } from '@grimnir/contracts';
import {
  composeControlPlane,
  type ControlPlane,
  type Realtime,
  type Tuning,
} from '../composition/root.js';
import { testRuntime, type EnginePorts } from '../composition/runtime.js';
import type { Services } from '../composition/services.js';
import type { Programming } from '../composition/programming.js';
import { loadConfig, type StartConfig } from '../config.js';
import { resolveInstanceSecrets } from '../ops/instance-secrets.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import type { Clock } from '../infra/clock.js';
import type { EventBus } from '../infra/event-bus.js';
import type { LeaderCommands } from '../infra/leader-commands.js';
import type { Leadership } from '../infra/leadership.js';
import { createMetrics, type Metrics } from '../infra/metrics.js';
import type { LiveModule } from '../modules/live/live.module.js';
import type { EngineControl, UpcomingItems } from '../modules/playout/ports.js';
import { createTestDatabase } from './db.js';
import { unreachableEngine } from './fake-engine.js';

export interface TestApp {
  app: FastifyInstance;
  controlPlane: ControlPlane;
  services: Services;
  programming: Programming;
  realtime: Realtime;
  live: LiveModule;
  metrics: Metrics;
  database: DatabaseHandle;
  config: StartConfig;
  mediaRoot: string;
  /** Creates a user directly and returns a bearer token for it. */
  makeUser(opts?: {
    role?: Role;
    username?: string;
    password?: string;
    active?: boolean;
  }): Promise<{ id: string; username: string; password: string; token: string }>;
  adminToken(): Promise<string>;
  makeStation(
    token: string,
    body?: Record<string, unknown>,
  ): Promise<{ id: string; slug: string; name: string }>;
  addMember(stationId: string, userId: string, role: StationRole): Promise<void>;
  close(): Promise<void>;
}

let counter = 0;

/** Builds the real app on a fresh database per test (see CONVENTIONS.md: no shared seeded rows). */
export async function buildTestApp(
  opts: {
    env?: Record<string, string>;
    clock?: Clock;
    /** The director's engine and (instead of the materialised schedule) what it plays. */
    /** Without an engine double the engine is down (every call fails): the API works, no audio. */
    playout?: { engine?: EngineControl; upcoming?: UpcomingItems };
    liveEngine?: EnginePorts['live'];
    /** A real engine client: analysis and the output bridge run when `start()` is called. */
    engineClient?: NonNullable<EnginePorts['client']>;
    /** A replica of several: its lease and its leader commands (one replica by default). */
    replica?: { leadership: Leadership; commands: LeaderCommands };
    eventBus?: EventBus;
    realtime?: Tuning;
    /** The app's logger (default: silent, or GRIMNIR_TEST_LOG's level). */
    log?: FastifyBaseLogger;
  } = {},
): Promise<TestApp> {
  const testDb = await createTestDatabase();
  const mediaRoot = mkdtempSync(join(tmpdir(), 'grimnir-media-'));
  // Secrets not given by the test are generated as on a default install, in a data directory of
  // its own: no test signs with a key written in the source.
  const { config } = await resolveInstanceSecrets(
    loadConfig({
      GRIMNIR_ENV: 'test',
      GRIMNIR_DATA_DIR: mkdtempSync(join(tmpdir(), 'grimnir-data-')),
      GRIMNIR_MEDIA_ROOT: mediaRoot,
      GRIMNIR_LOG_LEVEL: 'silent',
      GRIMNIR_RATE_LIMIT_PER_MINUTE: '100000',
      ...testDb.env,
      ...opts.env,
    }),
  );
  const database = openDatabase(config.db);
  const log = opts.log ?? pino({ level: process.env.GRIMNIR_TEST_LOG ?? 'silent' });
  const metrics = createMetrics({ defaultMetrics: false });
  const runtime = testRuntime({
    log,
    ...(opts.clock && { clock: opts.clock }),
    ...(opts.replica && { replica: opts.replica }),
    ...(opts.eventBus && { events: opts.eventBus }),
    engine: {
      control: opts.playout?.engine ?? unreachableEngine(),
      live: opts.liveEngine ?? unreachableEngine(),
      client: opts.engineClient ?? null,
    },
  });
  // The same root as the binary; only the runtime and the programme source differ.
  const controlPlane = await composeControlPlane({
    config,
    log,
    database,
    metrics,
    runtime,
    programme: opts.playout?.upcoming ?? 'schedule',
    tuning: { bcryptCost: 4, ...opts.realtime },
  });
  const { app, services, programming, realtime, live } = controlPlane;

  async function login(username: string, password: string): Promise<string> {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
    });
    if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
    return res.json<{ access_token: string }>().access_token;
  }

  let admin: string | undefined;
  const t: TestApp = {
    app,
    controlPlane,
    services,
    programming,
    realtime,
    live,
    metrics,
    database,
    config,
    mediaRoot,
    async makeUser(o = {}) {
      counter += 1;
      const username = o.username ?? `user${counter}_${Date.now().toString(36)}`;
      const password = o.password ?? 'correct horse battery';
      const user = await services.users.create(
        {
          username,
          email: `${username}@example.test`,
          password,
          role: o.role ?? 'viewer',
          active: true,
        },
        undefined,
      );
      const token = await login(username, password);
      if (o.active === false)
        await services.repositories.users.update(
          user.id,
          { active: false },
          new Date().toISOString(),
        );
      return { id: user.id, username, password, token };
    },
    async adminToken() {
      admin ??= (await t.makeUser({ role: 'admin' })).token;
      return admin;
    },
    async makeStation(token, body = {}) {
      counter += 1;
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/stations',
        headers: { authorization: `Bearer ${token}` },
        payload: { name: `Station ${counter}`, description: '', active: true, ...body },
      });
      if (res.statusCode !== 201) throw new Error(`makeStation: ${res.statusCode} ${res.body}`);
      return res.json();
    },
    async addMember(stationId, userId, role) {
      await services.repositories.members.put(stationId, userId, role, new Date().toISOString());
    },
    async close() {
      await controlPlane.close();
      await database.close();
      await testDb.cleanup();
      rmSync(mediaRoot, { recursive: true, force: true });
    },
  };
  return t;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
