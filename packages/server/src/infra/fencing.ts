import type { ColumnType, Kysely } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database } from '../db/types.js';
import type { Leadership } from './leadership.js';

/** Row type of migration 0320_leader_fence (PostgreSQL's bigint is parsed to a number). */
interface LeaderFenceTable {
  name: string;
  token: ColumnType<number, number, number>;
}
type FenceDb = Kysely<Database & { leader_fence: LeaderFenceTable }>;

/** A leader-only write came from a replica whose term is over: nothing was written. */
export class FencedOut extends Error {
  constructor(
    readonly fence: string,
    readonly token: number,
  ) {
    super(`leader write refused: a newer leader has written ${fence} (our token ${token})`);
    this.name = 'FencedOut';
  }
}

/**
 * Claims `name` for `token` inside the caller's transaction: passes when no newer token has
 * claimed it, and raises the stored token to ours. On PostgreSQL the row stays locked until the
 * transaction ends, so a newer leader's claim waits for our commit and orders after it.
 */
async function fence(tx: Db, name: string, token: number): Promise<void> {
  const res = await (tx as unknown as FenceDb)
    .insertInto('leader_fence')
    .values({ name, token })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ token: (eb) => eb.ref('excluded.token') })
        .where('leader_fence.token', '<=', token),
    )
    .executeTakeFirst();
  if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) throw new FencedOut(name, token);
}

/** Runs leader-only writes in a transaction that first passes the fence. */
export interface Fence {
  run<T>(write: (tx: Db) => Promise<T>): Promise<T>;
  /** Passes the fence inside a transaction the caller already holds (same rules as run). */
  guard(tx: Db): Promise<void>;
}

/**
 * The fence of one kind of leader work (`director`, `scheduler`). A single instance has no
 * token and nothing to fence: writes go straight through. A replica that never led (token 0)
 * has no business writing and is refused.
 */
export function leaderFence(db: Db, leadership: Pick<Leadership, 'token'>, name: string): Fence {
  return {
    guard(tx) {
      const token = leadership.token();
      if (token === undefined) return Promise.resolve();
      if (token <= 0) return Promise.reject(new FencedOut(name, token));
      return fence(tx, name, token);
    },
    run(write) {
      const token = leadership.token();
      if (token === undefined) return write(db);
      if (token <= 0) return Promise.reject(new FencedOut(name, token));
      return db.transaction().execute(async (tx) => {
        await fence(tx, name, token);
        return write(tx);
      });
    },
  };
}
