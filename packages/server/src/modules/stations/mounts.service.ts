import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  OUTBOUND_REFUSED,
  type CreateMountRequest,
  type Mount,
  type UpdateMountRequest,
} from '@grimnir/contracts';
import type { OutboundFence } from '@grimnir/engine-client';
import { badRequest, conflict, notFound } from '../../errors.js';
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

type IcecastPatch = NonNullable<z.output<typeof UpdateMountRequest>['icecast']>;

/**
 * A PATCH that omits the password keeps the stored one only while the target stays where it
 * was: a new host, port or mount without the password clears it, so nobody who may edit a
 * mount can point it at a server of theirs and receive the password. The target then uses the
 * instance's source password (GRIMNIR_ICECAST_SOURCE_PASSWORD, or the one generated on first
 * start), which the response shows as `password_set: false`.
 */
function nextIcecastTarget(current: MountRecord, patch: IcecastPatch): MountRecord['icecast'] {
  const was = current.icecast;
  const next = {
    host: patch.host ?? was?.host ?? '',
    port: patch.port ?? was?.port ?? 8000,
    mount: patch.mount ?? was?.mount ?? `/${current.name}`,
    user: patch.user ?? was?.user ?? 'source',
  };
  const sameTarget =
    was !== null && next.host === was.host && next.port === was.port && next.mount === was.mount;
  return { ...next, password: patch.password ?? (sameTarget ? was.password : null) };
}

export function createMountsService(d: {
  mounts: MountsRepository;
  access: StationAccess;
  audit: AuditLog;
  clock: Clock;
  /** Icecast targets are outbound connections of the engine: the same fence applies. */
  outbound: Pick<OutboundFence, 'permits'>;
}) {
  // Internal addresses written as such are refused here; names are decided by the engine
  // at every connection (they may resolve elsewhere by then). `localhost` is loopback.
  const checkTarget = (t: { host: string; port: number } | null | undefined) => {
    if (!t) return;
    const host = /^localhost\.?$|\.localhost\.?$/i.test(t.host) ? '127.0.0.1' : t.host;
    if (!d.outbound.permits(host, t.port)) throw badRequest(OUTBOUND_REFUSED, { host: t.host });
  };
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
      checkTarget(input.icecast);
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
      const nextIcecast =
        icecast === undefined
          ? undefined
          : icecast === null
            ? null
            : nextIcecastTarget(current, icecast);
      if (nextIcecast && nextIcecast.host === '')
        throw conflict('icecast_incomplete', 'icecast.host is required');
      checkTarget(nextIcecast);
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
      const passwordCleared =
        current.icecast?.password != null && nextIcecast != null && nextIcecast.password === null;
      await audit(ctx, stationId, 'mount.update', mountId, {
        fields: Object.keys(patch),
        ...(passwordCleared && { icecast_password_cleared: true }),
      });
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
