import type { StationRole } from '@grimnir/contracts';
import { notFound } from '../../errors.js';
import type { Clock } from '../../infra/clock.js';
import type { AuditLog } from '../audit/index.js';
import type { Principal } from '../../plugins/principal.js';
import type { UsersRepository } from '../users/index.js';
import type { MembersRepository } from './members.repository.js';
import type { StationAccess } from './station-access.js';

type Ctx = { principal: Principal; requestId: string };

export function createMembersService(d: {
  members: MembersRepository;
  users: UsersRepository;
  access: StationAccess;
  audit: AuditLog;
  clock: Clock;
}) {
  return {
    async list(ctx: Ctx, stationId: string) {
      await d.access.requireStation(ctx.principal, stationId, 'viewer');
      return d.members.list(stationId);
    },
    async put(ctx: Ctx, stationId: string, userId: string, role: StationRole) {
      await d.access.requireStation(ctx.principal, stationId, 'manager');
      const user = await d.users.findById(userId);
      if (!user) throw notFound('user');
      await d.members.put(stationId, userId, role, d.clock.now().toISOString());
      await d.audit.record({
        userId: ctx.principal.userId,
        stationId,
        action: 'member.put',
        targetType: 'user',
        targetId: userId,
        details: { role },
        requestId: ctx.requestId,
      });
      return (await d.members.list(stationId)).find((m) => m.user_id === userId);
    },
    async remove(ctx: Ctx, stationId: string, userId: string): Promise<void> {
      await d.access.requireStation(ctx.principal, stationId, 'manager');
      if (!(await d.members.remove(stationId, userId))) throw notFound('member');
      await d.audit.record({
        userId: ctx.principal.userId,
        stationId,
        action: 'member.remove',
        targetType: 'user',
        targetId: userId,
        requestId: ctx.requestId,
      });
    },
  };
}
export type MembersService = ReturnType<typeof createMembersService>;
