import type { Kysely } from 'kysely';

// Access tokens carry the version their user had when they were signed; logout, a password
// change and deactivation bump it, so every outstanding access token is refused at once
// instead of living out its 15 minutes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('token_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('token_version').execute();
}
