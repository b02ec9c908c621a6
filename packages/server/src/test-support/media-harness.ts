import { randomUUID } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { StationRole } from '@grimnir/contracts';
import { roleAtLeast } from '@grimnir/contracts';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
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

export async function mediaHarness(
  root: string,
  maxUploadBytes = 512 * 1024 * 1024,
): Promise<MediaHarness> {
  const handle = openDatabase({
    backend: 'sqlite',
    dsn: ':memory:',
    readDsn: undefined,
    maxOpenConns: 1,
    maxIdleConns: 1,
  });
  await migrateToLatest(handle.db, pino({ level: 'silent' }));
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
    },
  };
}
