import type { Kysely } from 'kysely';

// Fencing for leader-only writes: each kind of leader work (director, scheduler) keeps the
// highest leadership token that has written. A write carrying an older token comes from a
// replica that lost the lease without noticing (a long pause) and is refused.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('leader_fence')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('token', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('leader_fence').ifExists().execute();
}
