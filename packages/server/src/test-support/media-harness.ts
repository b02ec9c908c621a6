import { randomUUID } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { StationRole } from '@grimnir/contracts';
import { roleAtLeast } from '@grimnir/contracts';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import pg from 'pg';
import pino from 'pino';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { AppError, forbidden } from '../errors.js';
import { createMediaRepository } from '../modules/media/media.repository.js';
import { mediaRoutes } from '../modules/media/media.routes.js';
import { createMediaService } from '../modules/media/media.service.js';

export interface MediaHarness {
  app: FastifyInstance;
  handle: DatabaseHandle;
  root: string;
  stationA: string;
  stationB: string;
  scheduled: Set<string>;
  as(stationId: string, role: string): Record<string, string>;
  close(): Promise<void>;
}

async function makeStation(handle: DatabaseHandle): Promise<string> {
  const id = randomUUID();
  await handle.db
    .insertInto('stations')
    .values({
      id,
      name: id,
      slug: id,
      description: '',
      timezone: 'UTC',
      active: true,
      public: false,
      loudness_target_lufs: -16,
      crossfade_ms: 0,
      crossfade_curve: 'linear',
    })
    .execute();
  return id;
}

const PG_ADMIN = 'postgres://postgres@127.0.0.1:5432/test';

/** SQLite in memory, or a throwaway PostgreSQL database with GRIMNIR_TEST_DB=postgres. */
async function testDatabase(): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: PG_ADMIN });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  const postgres = process.env.GRIMNIR_TEST_DB === 'postgres';
  const name = `grimnir_media_${randomUUID().replace(/-/g, '')}`;
  if (postgres) await admin(`create database ${name}`);
  const handle = openDatabase({
    backend: postgres ? 'postgres' : 'sqlite',
    dsn: postgres ? `postgres://postgres@127.0.0.1:5432/${name}` : ':memory:',
    readDsn: undefined,
    maxOpenConns: 4,
    maxIdleConns: 1,
  });
  await migrateToLatest(handle.db, pino({ level: 'silent' }));
  return {
    handle,
    drop: () =>
      postgres ? admin(`drop database if exists ${name} with (force)`) : Promise.resolve(),
  };
}

export async function mediaHarness(
  root: string,
  maxUploadBytes = 512 * 1024 * 1024,
): Promise<MediaHarness> {
  const { handle, drop } = await testDatabase();
  const scheduled = new Set<string>();
  const service = createMediaService({
    db: handle.db,
    repo: createMediaRepository(handle.db),
    mediaRoot: root,
    maxUploadBytes,
    clock: { now: () => new Date() },
    audit: async (trx, e) => {
      await trx
        .insertInto('audit_log')
        .values({
          id: randomUUID(),
          user_id: null,
          station_id: e.stationId,
          action: e.action,
          target_type: 'media',
          target_id: e.mediaId,
          details: JSON.stringify(e.details),
          request_id: null,
          ip: null,
        })
        .execute();
    },
    isScheduled: (id) => Promise.resolve(scheduled.has(id)),
  });
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(multipart);
  app.setErrorHandler((err, req, reply) => {
    if (err instanceof AppError)
      return reply.code(err.statusCode).send({
        error: err.code,
        message: err.message,
        request_id: req.id,
        ...(err.details && typeof err.details === 'object' ? { details: err.details } : {}),
      });
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    return reply.code(status).send({
      error: status >= 500 ? 'internal' : 'bad_request',
      message: (err as Error).message,
      request_id: req.id,
    });
  });
  await app.register(
    mediaRoutes({
      service,
      requireStation: (request, stationId, role: StationRole) => {
        const grant = request.headers['x-test-grant'];
        const [sid, have] = typeof grant === 'string' ? grant.split(':') : [];
        if (sid !== stationId || !have || !roleAtLeast(have as StationRole, role))
          throw forbidden();
        return Promise.resolve();
      },
    }),
  );
  await app.ready();
  const stationA = await makeStation(handle);
  const stationB = await makeStation(handle);
  return {
    app,
    handle,
    root,
    stationA,
    stationB,
    scheduled,
    as: (stationId, role) => ({ 'x-test-grant': `${stationId}:${role}` }),
    close: async () => {
      await app.close();
      await handle.close();
      await drop();
    },
  };
}
