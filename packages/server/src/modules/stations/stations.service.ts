import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { CreateStationRequest, UpdateStationRequest } from '@grimnir/contracts';
import type { Db } from '../../db/database.js';
import { conflict, notFound } from '../../errors.js';
import type { Clock } from '../../infra/clock.js';
import type { AuditLog } from '../audit/index.js';
import type { Principal } from '../../plugins/principal.js';
import type { MembersRepository } from './members.repository.js';
import type { MountsRepository } from './mounts.repository.js';
import { slugify, uniqueSlug } from './slug.js';
import type { StationAccess } from './station-access.js';
import type { StationRow, StationsRepository } from './stations.repository.js';
import { visibleStations } from './visible-stations.js';

interface Deps {
  db: Db;
  stations: StationsRepository;
  mounts: MountsRepository;
  members: MembersRepository;
  access: StationAccess;
  audit: AuditLog;
  clock: Clock;
  /** Every station, in list order, from memory: dropped by `changed` on every replica. */
  catalogue: { get(): Promise<StationRow[]> };
  /** A station was created, edited or deleted: station list caches drop their copy. */
  changed(stationId: string): void;
}

type Ctx = { principal: Principal; requestId: string };

export function createStationsService(d: Deps) {
  async function get(ctx: Ctx, id: string): Promise<StationRow> {
    await d.access.requireStation(ctx.principal, id, 'viewer');
    const s = await d.stations.findById(id);
    if (!s) throw notFound('station');
    return s;
  }

  return {
    get,
    /** Anonymous callers see public active stations; members see theirs; admins see all. */
    async list(principal: Principal | undefined): Promise<StationRow[]> {
      const all = await d.catalogue.get();
      return visibleStations(
        all,
        principal === undefined ? 'public' : await d.access.visibleStationIds(principal),
      );
    },

    /** A station is born with a default 128 kbps MP3 mount so it can be heard at once. */
    async create(ctx: Ctx, input: z.output<typeof CreateStationRequest>): Promise<StationRow> {
      const id = randomUUID();
      const now = d.clock.now().toISOString();
      const station = await d.db.transaction().execute(async (tx) => {
        const slug =
          input.slug ?? (await uniqueSlug(slugify(input.name), (s) => d.stations.slugTaken(s, tx)));
        if (input.slug !== undefined && (await d.stations.slugTaken(slug, tx)))
          throw conflict('slug_taken', `station slug "${slug}" is already used`);
        await d.stations.insert({ ...input, id, slug }, now, tx);
        const mountName = await uniqueSlug(
          slug,
          async (n) => (await d.mounts.findByName(n, tx)) !== undefined,
        );
        await d.mounts.insert(
          {
            id: randomUUID(),
            stationId: id,
            name: mountName,
            format: 'mp3',
            bitrateKbps: 128,
            sampleRate: 44100,
            channels: 2,
            icecast: null,
          },
          now,
          tx,
        );
        // The creator manages what they create, even after a later global-role change.
        await d.members.put(id, ctx.principal.userId, 'manager', now, tx);
        await d.audit.record(
          {
            userId: ctx.principal.userId,
            stationId: id,
            action: 'station.create',
            targetType: 'station',
            targetId: id,
            details: { name: input.name },
            requestId: ctx.requestId,
          },
          tx,
        );
        const created = await d.stations.findById(id, tx);
        if (!created) throw new Error('station vanished after insert');
        return created;
      });
      d.changed(id);
      return station;
    },

    async update(
      ctx: Ctx,
      id: string,
      patch: z.output<typeof UpdateStationRequest>,
    ): Promise<StationRow> {
      await d.access.requireStation(ctx.principal, id, 'manager');
      await d.stations.update(id, patch, d.clock.now().toISOString());
      d.changed(id);
      await d.audit.record({
        userId: ctx.principal.userId,
        stationId: id,
        action: 'station.update',
        targetType: 'station',
        targetId: id,
        details: { fields: Object.keys(patch) },
        requestId: ctx.requestId,
      });
      return get(ctx, id);
    },

    async remove(ctx: Ctx, id: string): Promise<void> {
      await d.access.requireStation(ctx.principal, id, 'manager');
      await d.db.transaction().execute(async (tx) => {
        await d.audit.record(
          {
            userId: ctx.principal.userId,
            stationId: null,
            action: 'station.delete',
            targetType: 'station',
            targetId: id,
            requestId: ctx.requestId,
          },
          tx,
        );
        await d.stations.delete(id, tx);
      });
      d.changed(id);
    },
  };
}
export type StationsService = ReturnType<typeof createStationsService>;
