// A PostgreSQL database (and roles) of the test's own, named uniquely and dropped afterwards, for
// the guide's SQL that needs a real server whatever GRIMNIR_TEST_DB says.
import { randomUUID } from 'node:crypto';
import pg from 'pg';

const adminUrl = process.env.GRIMNIR_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface ScratchPostgres {
  readonly name: string;
  /** URL of the scratch database, as the superuser or as the given role. */
  url(user?: string, password?: string): string;
  /** Runs SQL in the scratch database as the superuser (or as a role made by createRole). */
  query(text: string, as?: { user: string; password: string }): Promise<pg.QueryResult>;
  /** A LOGIN role with a unique name, dropped with the database. */
  createRole(prefix: string, password: string): Promise<string>;
  drop(): Promise<void>;
}

async function run(url: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** SQL as the superuser in the server's maintenance database (GRIMNIR_TEST_PG_URL). */
export const adminQuery = (text: string): Promise<pg.QueryResult> => run(adminUrl, text);

export async function createScratchPostgres(tag: string): Promise<ScratchPostgres> {
  const suffix = randomUUID().replaceAll('-', '').slice(0, 10);
  const name = `grimnir_${tag}_${suffix}`;
  const roles: string[] = [];
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = (user?: string, password?: string): string => {
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    if (user !== undefined) {
      u.username = user;
      u.password = password ?? '';
    }
    return u.toString();
  };
  return {
    name,
    url,
    query: (text, as) => run(as ? url(as.user, as.password) : url(), text),
    async createRole(prefix, password) {
      const role = `${prefix}_${suffix}`;
      await adminQuery(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
      roles.push(role);
      return role;
    },
    async drop() {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      for (const role of roles) await adminQuery(`DROP ROLE IF EXISTS ${role}`);
    },
  };
}
