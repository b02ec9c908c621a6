import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { createTestDatabase, type TestDatabase } from '../test-support/db.js';
import { FencedOut, leaderFence } from './fencing.js';
import { singleInstanceLeadership } from './leadership.js';
import { startRedisLeadership } from './redis-leadership.js';

let testDb: TestDatabase;
let handle: DatabaseHandle;

beforeAll(async () => {
  testDb = await createTestDatabase();
  handle = openDatabase({
    backend: testDb.env.GRIMNIR_DB_BACKEND === 'postgres' ? 'postgres' : 'sqlite',
    dsn: testDb.env.GRIMNIR_DB_DSN ?? '',
    readDsn: undefined,
    maxOpenConns: 4,
    maxIdleConns: 1,
  });
});
afterAll(async () => {
  await handle.close();
  await testDb.cleanup();
});

/** A marker row written by the fenced write: present only if the write committed. */
async function marked(name: string): Promise<boolean> {
  const r = await sql<{ n: number }>`select count(*) as n from leader_fence where name = ${name}`
    .execute(handle.db)
    .then((q) => Number(q.rows[0]?.n));
  return r > 0;
}
const mark = (name: string) => (tx: typeof handle.db) =>
  sql`insert into leader_fence (name, token) values (${name}, 0)`.execute(tx);
const withToken = (t: number) => ({ token: () => t });

describe('leader fence', () => {
  it('passes the current and newer terms and refuses an older one, writing nothing', async () => {
    const name = `director-${randomUUID()}`;
    await leaderFence(handle.db, withToken(5), name).run(mark(`${name}:a`));
    await leaderFence(handle.db, withToken(5), name).run(mark(`${name}:b`));
    await leaderFence(handle.db, withToken(6), name).run(mark(`${name}:c`));
    await expect(leaderFence(handle.db, withToken(5), name).run(mark(`${name}:d`))).rejects.toThrow(
      FencedOut,
    );
    expect(await Promise.all(['a', 'b', 'c', 'd'].map((x) => marked(`${name}:${x}`)))).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it('a replica that never led is refused; a single instance is never fenced', async () => {
    const name = `director-${randomUUID()}`;
    await expect(leaderFence(handle.db, withToken(0), name).run(mark(`${name}:x`))).rejects.toThrow(
      FencedOut,
    );
    await leaderFence(handle.db, withToken(9), name).run(mark(`${name}:y`));
    await leaderFence(handle.db, singleInstanceLeadership(), name).run(mark(`${name}:z`));
    expect(await marked(`${name}:z`)).toBe(true);
  });

  it("a stale leader's write is refused once the next leader (newer token) has written", async () => {
    const url = process.env.GRIMNIR_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
    const key = `grimnir:test:leader:${randomUUID()}`;
    const [ra, rb] = [new Redis(url), new Redis(url)];
    const a = startRedisLeadership({ redis: ra, key, leaseMs: 600 });
    const until = async (cond: () => boolean) => {
      while (!cond()) await new Promise((r) => setTimeout(r, 20));
    };
    await until(() => a.isLeader());
    const b = startRedisLeadership({ redis: rb, key, leaseMs: 600 });
    const name = `director-${randomUUID()}`;
    await leaderFence(handle.db, a, name).run(mark(`${name}:a1`));
    // A pauses (its connection gone, it never renews); B takes the lease with a newer token.
    ra.disconnect();
    await until(() => b.isLeader());
    await leaderFence(handle.db, b, name).run(mark(`${name}:b1`));
    // A wakes up and writes with the token of its old term.
    await expect(leaderFence(handle.db, a, name).run(mark(`${name}:a2`))).rejects.toThrow(
      FencedOut,
    );
    expect(await marked(`${name}:a2`)).toBe(false);
    await a.stop();
    await b.stop();
    await rb.quit();
  });
});
