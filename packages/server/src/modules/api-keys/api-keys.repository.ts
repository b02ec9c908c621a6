import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import { toIso, toIsoOrNull } from '../../db/row-mappers.js';
import type { ApiKeysTable } from '../../db/types.js';

export interface ApiKeyRecord {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

function toRecord(r: Selectable<ApiKeysTable>): ApiKeyRecord {
  return {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    prefix: r.prefix,
    expiresAt: toIsoOrNull(r.expires_at),
    lastUsedAt: toIsoOrNull(r.last_used_at),
    revokedAt: toIsoOrNull(r.revoked_at),
    createdAt: toIso(r.created_at),
  };
}

/** `readDb`: GRIMNIR_DB_READ_DSN's replica, for the key list (never read after a write). */
export function createApiKeysRepository(db: Db, readDb: Db = db) {
  return {
    async insert(k: {
      id: string;
      userId: string;
      name: string;
      prefix: string;
      keyHash: string;
      expiresAt: string | null;
      now: string;
    }): Promise<void> {
      await db
        .insertInto('api_keys')
        .values({
          id: k.id,
          user_id: k.userId,
          name: k.name,
          prefix: k.prefix,
          key_hash: k.keyHash,
          expires_at: k.expiresAt,
          created_at: k.now,
        })
        .execute();
    },
    async findByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
      const r = await db
        .selectFrom('api_keys')
        .selectAll()
        .where('key_hash', '=', keyHash)
        .executeTakeFirst();
      return r && toRecord(r);
    },
    async findById(id: string): Promise<ApiKeyRecord | undefined> {
      const r = await db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toRecord(r);
    },
    async listForUser(userId: string): Promise<ApiKeyRecord[]> {
      const rows = await readDb
        .selectFrom('api_keys')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map(toRecord);
    },
    async revoke(id: string, now: string): Promise<boolean> {
      const res = await db
        .updateTable('api_keys')
        .set({ revoked_at: now })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },
    async touch(id: string, now: string): Promise<void> {
      await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', id).execute();
    },
  };
}
export type ApiKeysRepository = ReturnType<typeof createApiKeysRepository>;
