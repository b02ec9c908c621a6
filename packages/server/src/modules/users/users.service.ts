import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { CreateUserRequest, UpdateUserRequest, User } from '@grimnir/contracts';
import type { Db } from '../../db/database.js';
import { conflict, notFound, validationError } from '../../errors.js';
import type { Clock } from '../../infra/clock.js';
import type { AuditLog } from '../audit/index.js';
import type { RefreshTokensRepository } from '../auth/index.js';
import type { PasswordHasher } from '../auth/index.js';
import type { Principal } from '../../plugins/principal.js';
import type { UserRecord, UsersRepository } from './users.repository.js';
import { passwordProblem, type PasswordOwner } from './password-policy.js';

type Ctx = { principal: Principal; requestId: string };

/** password_hash never leaves the server. */
export function toUserResponse(u: UserRecord): z.output<typeof User> {
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    role: u.role,
    active: u.active,
    created_at: u.createdAt,
    updated_at: u.updatedAt,
    last_login_at: u.lastLoginAt,
  };
}

interface Deps {
  db: Db;
  users: UsersRepository;
  refreshTokens: RefreshTokensRepository;
  hasher: PasswordHasher;
  audit: AuditLog;
  clock: Clock;
  /** Tells every replica the user's rights changed: caches drop them, WebSockets re-check. */
  accessChanged(userId: string): void;
  /** Production estimates each new password's strength; elsewhere only its length counts. */
  production: boolean;
}

export function createUsersService(d: Deps) {
  async function mustFind(id: string): Promise<UserRecord> {
    const u = await d.users.findById(id);
    if (!u) throw notFound('user');
    return u;
  }

  function checkPassword(plain: string, owner: PasswordOwner): void {
    const problem = passwordProblem(plain, owner, d.production);
    if (problem !== undefined)
      throw validationError(problem, [{ path: 'body.password', message: problem }]);
  }

  async function create(
    input: z.output<typeof CreateUserRequest>,
    actor: Ctx | undefined,
  ): Promise<UserRecord> {
    if (await d.users.findByLogin(input.username))
      throw conflict('username_taken', 'username already exists');
    if (await d.users.findByLogin(input.email))
      throw conflict('email_taken', 'email already exists');
    checkPassword(input.password, input);
    const id = randomUUID();
    await d.users.insert({
      id,
      username: input.username,
      email: input.email,
      passwordHash: await d.hasher.hash(input.password),
      role: input.role,
      active: input.active,
      now: d.clock.now().toISOString(),
    });
    await d.audit.record({
      userId: actor?.principal.userId ?? null,
      action: 'user.create',
      targetType: 'user',
      targetId: id,
      details: { username: input.username, role: input.role },
      requestId: actor?.requestId ?? null,
    });
    return mustFind(id);
  }

  return {
    create,
    get: mustFind,
    list: () => d.users.list(),
    async update(
      ctx: Ctx,
      id: string,
      patch: z.output<typeof UpdateUserRequest>,
    ): Promise<UserRecord> {
      const current = await mustFind(id);
      if (patch.email !== undefined && patch.email !== current.email) {
        const other = await d.users.findByLogin(patch.email);
        if (other && other.id !== id) throw conflict('email_taken', 'email already exists');
      }
      if (patch.password !== undefined)
        checkPassword(patch.password, {
          username: current.username,
          email: patch.email ?? current.email,
        });
      const demotesAdmin =
        current.role === 'admin' &&
        current.active &&
        (patch.active === false || (patch.role !== undefined && patch.role !== 'admin'));
      if (demotesAdmin && (await d.users.countActiveAdmins()) <= 1)
        throw conflict('last_admin', 'cannot demote or disable the last active admin');
      const now = d.clock.now().toISOString();
      // A new password or a disabled account ends every session at once: refresh tokens are
      // revoked and the token version bump refuses every access token already handed out.
      const endsSessions = patch.password !== undefined || patch.active === false;
      await d.users.update(
        id,
        {
          ...(patch.email !== undefined && { email: patch.email }),
          ...(patch.role !== undefined && { role: patch.role }),
          ...(patch.active !== undefined && { active: patch.active }),
          ...(patch.password !== undefined && {
            passwordHash: await d.hasher.hash(patch.password),
          }),
          ...(endsSessions && { revokeTokens: true as const }),
        },
        now,
      );
      if (endsSessions) await d.refreshTokens.revokeAllForUser(id, now);
      d.accessChanged(id);
      await d.audit.record({
        userId: ctx.principal.userId,
        action: 'user.update',
        targetType: 'user',
        targetId: id,
        details: { fields: Object.keys(patch) },
        requestId: ctx.requestId,
      });
      return mustFind(id);
    },
    async remove(ctx: Ctx, id: string): Promise<void> {
      const current = await mustFind(id);
      if (current.role === 'admin' && current.active && (await d.users.countActiveAdmins()) <= 1)
        throw conflict('last_admin', 'cannot delete the last active admin');
      await d.db.transaction().execute(async (tx) => {
        await d.audit.record(
          {
            userId: ctx.principal.userId,
            action: 'user.delete',
            targetType: 'user',
            targetId: id,
            details: { username: current.username },
            requestId: ctx.requestId,
          },
          tx,
        );
        await d.users.delete(id, tx);
      });
      d.accessChanged(id);
    },
    async countUsers(): Promise<number> {
      return d.users.count();
    },
  };
}
export type UsersService = ReturnType<typeof createUsersService>;
