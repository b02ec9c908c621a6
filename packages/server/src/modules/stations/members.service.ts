import type { Role, StationRole } from '@grimnir/contracts';
import { notFound } from '../../errors.js';
import type { Clock } from '../../infra/clock.js';
import type { AuditLog } from '../audit/index.js';
import { effectiveStationRole } from '../auth/index.js';
import type { Principal } from '../../plugins/principal.js';
import type { UsersRepository } from '../users/index.js';
import type { MembersRepository } from './members.repository.js';
import type { StationAccess } from './station-access.js';

type Ctx = { principal: Principal; requestId: string };

const withEffectiveRole = <M extends { role: StationRole; user_role: Role }>(m: M) => ({
  ...m,
  // Never undefined for a member: only a missing membership yields no role.
  effective_role: effectiveStationRole({ role: m.user_role }, m.role) ?? m.role,
});

export function createMembersService(d: {
  members: MembersRepository;
  users: UsersRepository;
  access: StationAccess;
  audit: AuditLog;
  clock: Clock;
  /** The member's station rights changed: their open WebSockets are re-checked at once. */
  accessChanged(userId: string): void;
}) {
  async function put(ctx: Ctx, stationId: string, userId: string, role: StationRole) {
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
      details: { role, username: user.username },
      requestId: ctx.requestId,
    });
    d.accessChanged(userId);
    const member = (await d.members.list(stationId)).find((m) => m.user_id === userId);
    return member && withEffectiveRole(member);
  }

  return {
    async list(ctx: Ctx, stationId: string) {
      await d.access.requireStation(ctx.principal, stationId, 'viewer');
      return (await d.members.list(stationId)).map(withEffectiveRole);
    },
    put,
    /** Adds (or changes) a member by username: managers cannot list users, but know names. */
    async add(ctx: Ctx, stationId: string, username: string, role: StationRole) {
      await d.access.requireStation(ctx.principal, stationId, 'manager');
      const user = await d.users.findByLogin(username);
      // findByLogin also matches e-mail addresses; managers name users, not addresses.
      if (!user || user.username.toLowerCase() !== username.trim().toLowerCase())
        throw notFound('user');
      return put(ctx, stationId, user.id, role);
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
      d.accessChanged(userId);
    },
  };
}
export type MembersService = ReturnType<typeof createMembersService>;
