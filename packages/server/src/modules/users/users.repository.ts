import type { Role } from '@grimnir/contracts';
import type { Selectable, Transaction } from 'kysely';
import type { Db } from '../../db/database.js';
import { toBool, toIso, toIsoOrNull } from '../../db/row-mappers.js';
import type { Database, UsersTable } from '../../db/types.js';

export interface UserRecord {
  id: string;
  username: string;
  email: string;
  passwordHash: string;
  role: Role;
  active: boolean;
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
  /** Access tokens signed with an older version are refused (logout, password change). */
  tokenVersion: number;
}

type Tx = Transaction<Database>;

function toRecord(r: Selectable<UsersTable>): UserRecord {
  return {
    id: r.id,
    username: r.username,
    email: r.email,
    passwordHash: r.password_hash,
    role: r.role as Role,
    active: toBool(r.active),
    createdAt: toIso(r.created_at),
    updatedAt: toIso(r.updated_at),
    lastLoginAt: toIsoOrNull(r.last_login_at),
    tokenVersion: Number(r.token_version),
  };
}

/** @public the declaration emit of buildServices(), whose return type is inferred, names it. */
export interface NewUser {
  id: string;
  username: string;
  email: string;
  passwordHash: string;
  role: Role;
  active: boolean;
  now: string;
}

export function createUsersRepository(db: Db) {
  return {
    async findById(id: string, tx?: Tx): Promise<UserRecord | undefined> {
      const r = await (tx ?? db)
        .selectFrom('users')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return r && toRecord(r);
    },
    /** Login accepts a username or an email; both are matched case-insensitively. */
    async findByLogin(login: string): Promise<UserRecord | undefined> {
      const l = login.trim().toLowerCase();
      const r = await db
        .selectFrom('users')
        .selectAll()
        .where((eb) =>
          eb.or([eb(eb.fn('lower', ['username']), '=', l), eb(eb.fn('lower', ['email']), '=', l)]),
        )
        .orderBy('created_at')
        .executeTakeFirst();
      return r && toRecord(r);
    },
    async list(): Promise<UserRecord[]> {
      const rows = await db.selectFrom('users').selectAll().orderBy('username').execute();
      return rows.map(toRecord);
    },
    async count(): Promise<number> {
      const r = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },
    async insert(u: NewUser, tx?: Tx): Promise<void> {
      await (tx ?? db)
        .insertInto('users')
        .values({
          id: u.id,
          username: u.username,
          email: u.email,
          password_hash: u.passwordHash,
          role: u.role,
          active: u.active,
          created_at: u.now,
          updated_at: u.now,
        })
        .execute();
    },
    async update(
      id: string,
      patch: Partial<{
        email: string;
        passwordHash: string;
        role: Role;
        active: boolean;
        /** Revoke every outstanding access token of this user. */
        revokeTokens: true;
      }>,
      now: string,
      tx?: Tx,
    ): Promise<boolean> {
      const res = await (tx ?? db)
        .updateTable('users')
        .set((eb) => ({
          ...(patch.revokeTokens && { token_version: eb('token_version', '+', 1) }),
          ...(patch.email !== undefined && { email: patch.email }),
          ...(patch.passwordHash !== undefined && { password_hash: patch.passwordHash }),
          ...(patch.role !== undefined && { role: patch.role }),
          ...(patch.active !== undefined && { active: patch.active }),
          updated_at: now,
        }))
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },
    /** Logout: every access token of the user signed so far stops working. */
    async bumpTokenVersion(id: string): Promise<void> {
      await db
        .updateTable('users')
        .set((eb) => ({ token_version: eb('token_version', '+', 1) }))
        .where('id', '=', id)
        .execute();
    },
    async touchLogin(id: string, now: string): Promise<void> {
      await db.updateTable('users').set({ last_login_at: now }).where('id', '=', id).execute();
    },
    async delete(id: string, tx?: Tx): Promise<boolean> {
      const res = await (tx ?? db).deleteFrom('users').where('id', '=', id).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },
    async countActiveAdmins(tx?: Tx): Promise<number> {
      const r = await (tx ?? db)
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('role', '=', 'admin')
        .where('active', '=', true)
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },
  };
}
export type UsersRepository = ReturnType<typeof createUsersRepository>;
