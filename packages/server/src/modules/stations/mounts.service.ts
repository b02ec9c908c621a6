import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { CreateMountRequest, Mount, UpdateMountRequest } from '@grimnir/contracts';
import { conflict, notFound } from '../../errors.js';
import type { Clock } from '../../infra/clock.js';
import type { AuditLog } from '../audit/index.js';
import type { Principal } from '../../plugins/principal.js';
import type { MountRecord, MountsRepository } from './mounts.repository.js';
import type { StationAccess } from './station-access.js';

type Ctx = { principal: Principal; requestId: string };

/** The Icecast password is write-only: it never leaves the server in a response. */
export function toMountResponse(m: MountRecord): z.output<typeof Mount> {
  return {
    id: m.id,
    station_id: m.stationId,
    name: m.name,
    format: m.format,
    bitrate_kbps: m.bitrateKbps,
    sample_rate: m.sampleRate,
    channels: m.channels,
    icecast:
      m.icecast === null
        ? null
        : {
            host: m.icecast.host,
            port: m.icecast.port,
            mount: m.icecast.mount,
            user: m.icecast.user,
            password_set: m.icecast.password !== null,
          },
    created_at: m.createdAt,
    updated_at: m.updatedAt,
  };
}

export function createMountsService(d: {
  mounts: MountsRepository;
  access: StationAccess;
  audit: AuditLog;
  clock: Clock;
}) {
  async function assertNameFree(name: string, exceptId?: string): Promise<void> {
    const existing = await d.mounts.findByName(name);
    if (existing && existing.id !== exceptId)
      throw conflict('mount_name_taken', `a mount named "${name}" already exists`);
  }
  async function owned(stationId: string, mountId: string): Promise<MountRecord> {
    const m = await d.mounts.findById(mountId);
    if (!m || m.stationId !== stationId) throw notFound('mount');
    return m;
  }
  const audit = (
    ctx: Ctx,
    stationId: string,
    action: string,
    id: string,
    details?: Record<string, unknown>,
  ) =>
    d.audit.record({
      userId: ctx.principal.userId,
      stationId,
      action,
      targetType: 'mount',
      targetId: id,
      details,
      requestId: ctx.requestId,
    });

  return {
    async list(ctx: Ctx, stationId: string): Promise<MountRecord[]> {
      await d.access.requireStation(ctx.principal, stationId, 'viewer');
      return d.mounts.listForDisplay(stationId);
    },
    async create(
      ctx: Ctx,
      stationId: string,
      input: z.output<typeof CreateMountRequest>,
    ): Promise<MountRecord> {
      await d.access.requireStation(ctx.principal, stationId, 'manager');
      await assertNameFree(input.name);
      const id = randomUUID();
      await d.mounts.insert(
        {
          id,
          stationId,
          name: input.name,
          format: input.format,
          bitrateKbps: input.bitrate_kbps,
          sampleRate: input.sample_rate,
          channels: input.channels,
          icecast: input.icecast ?? null,
        },
        d.clock.now().toISOString(),
      );
      await audit(ctx, stationId, 'mount.create', id, { name: input.name, format: input.format });
      return owned(stationId, id);
    },
    async update(
      ctx: Ctx,
      stationId: string,
      mountId: string,
      patch: z.output<typeof UpdateMountRequest>,
    ): Promise<MountRecord> {
      await d.access.requireStation(ctx.principal, stationId, 'manager');
      const current = await owned(stationId, mountId);
      if (patch.name !== undefined) await assertNameFree(patch.name, mountId);
      const { icecast, bitrate_kbps, sample_rate, ...rest } = patch;
      // A PATCH that omits the Icecast password keeps the stored one (it is write-only).
      const nextIcecast =
        icecast === undefined
          ? undefined
          : icecast === null
            ? null
            : {
                host: icecast.host ?? current.icecast?.host ?? '',
                port: icecast.port ?? current.icecast?.port ?? 8000,
                mount: icecast.mount ?? current.icecast?.mount ?? `/${current.name}`,
                user: icecast.user ?? current.icecast?.user ?? 'source',
                password: icecast.password ?? current.icecast?.password ?? null,
              };
      if (nextIcecast && nextIcecast.host === '')
        throw conflict('icecast_incomplete', 'icecast.host is required');
      await d.mounts.update(
        mountId,
        {
          ...rest,
          ...(bitrate_kbps !== undefined && { bitrateKbps: bitrate_kbps }),
          ...(sample_rate !== undefined && { sampleRate: sample_rate }),
          ...(nextIcecast !== undefined && { icecast: nextIcecast }),
        },
        d.clock.now().toISOString(),
      );
      await audit(ctx, stationId, 'mount.update', mountId, { fields: Object.keys(patch) });
      return owned(stationId, mountId);
    },
    async remove(ctx: Ctx, stationId: string, mountId: string): Promise<void> {
      await d.access.requireStation(ctx.principal, stationId, 'manager');
      await owned(stationId, mountId);
      await d.mounts.delete(mountId);
      await audit(ctx, stationId, 'mount.delete', mountId);
    },
  };
}
export type MountsService = ReturnType<typeof createMountsService>;
