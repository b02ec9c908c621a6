import type { Transaction } from 'kysely';
import type { Db } from '../../db/database.js';
import { toIso, toIsoOrNull } from '../../db/row-mappers.js';
import type { Database } from '../../db/types.js';

type Tx = Transaction<Database>;

/** @public the declaration emit of buildServices(), whose return type is inferred, names it. */
export interface RefreshTokenRecord {
  id: string;
  userId: string;
  familyId: string;
  expiresAt: string;
  revokedAt: string | null;
  replacedBy: string | null;
}

export function createRefreshTokensRepository(db: Db) {
  return {
    async insert(
      t: {
        id: string;
        userId: string;
        tokenHash: string;
        familyId: string;
        expiresAt: string;
        now: string;
      },
      tx?: Tx,
    ): Promise<void> {
      await (tx ?? db)
        .insertInto('refresh_tokens')
        .values({
          id: t.id,
          user_id: t.userId,
          token_hash: t.tokenHash,
          family_id: t.familyId,
          expires_at: t.expiresAt,
          created_at: t.now,
        })
        .execute();
    },
    async findByHash(tokenHash: string, tx?: Tx): Promise<RefreshTokenRecord | undefined> {
      const r = await (tx ?? db)
        .selectFrom('refresh_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return (
        r && {
          id: r.id,
          userId: r.user_id,
          familyId: r.family_id,
          expiresAt: toIso(r.expires_at),
          revokedAt: toIsoOrNull(r.revoked_at),
          replacedBy: r.replaced_by,
        }
      );
    },
    /** Marks one token used; false when another request rotated it first (a race or a replay). */
    async markReplaced(id: string, replacedBy: string, now: string, tx?: Tx): Promise<boolean> {
      const res = await (tx ?? db)
        .updateTable('refresh_tokens')
        .set({ revoked_at: now, replaced_by: replacedBy })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
    async revokeFamily(familyId: string, now: string, tx?: Tx): Promise<void> {
      await (tx ?? db)
        .updateTable('refresh_tokens')
        .set({ revoked_at: now })
        .where('family_id', '=', familyId)
        .where('revoked_at', 'is', null)
        .execute();
    },
    async revokeAllForUser(userId: string, now: string, tx?: Tx): Promise<void> {
      await (tx ?? db)
        .updateTable('refresh_tokens')
        .set({ revoked_at: now })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .execute();
    },
  };
}
export type RefreshTokensRepository = ReturnType<typeof createRefreshTokensRepository>;
