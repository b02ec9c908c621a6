import { randomUUID } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import type { ScheduleSource } from '@grimnir/contracts';
import type { Db } from '../../../db/database.js';
import {
  programmingDb,
  type ProgrammingTables,
  type ShowExceptionsTable,
  type ShowsTable,
} from '../../../db/programming-types.js';
import { toBool, toIso, toIsoOrNull } from '../../../db/row-mappers.js';
import type { Database } from '../../../db/types.js';
import type { Page } from './page.js';

type Tx = Transaction<Database & ProgrammingTables>;

interface ShowExceptionRecord {
  original_starts_at: string;
  cancelled: boolean;
  starts_at: string | null;
  duration_ms: number | null;
}

export interface ShowRecord {
  id: string;
  station_id: string;
  name: string;
  host: string | null;
  description: string;
  starts_at: string;
  duration_ms: number;
  rrule: string | null;
  exdates: string[];
  source: ScheduleSource | null;
  priority: number;
  exceptions: ShowExceptionRecord[];
  created_at: string;
  updated_at: string;
}

export type ShowWrite = Omit<ShowRecord, 'created_at' | 'updated_at'>;

const stringList = z.array(z.string());

function toRecord(r: Selectable<ShowsTable>, ex: Selectable<ShowExceptionsTable>[]): ShowRecord {
  return {
    id: r.id,
    station_id: r.station_id,
    name: r.name,
    host: r.host,
    description: r.description,
    starts_at: toIso(r.starts_at),
    duration_ms: r.duration_ms,
    rrule: r.rrule,
    exdates: stringList.parse(JSON.parse(r.exdates)),
    source:
      r.source_type === null
        ? null
        : {
            type: r.source_type as ScheduleSource['type'],
            ...(r.source_id !== null && { id: r.source_id }),
          },
    priority: r.priority,
    exceptions: ex.map((e) => ({
      original_starts_at: toIso(e.original_starts_at),
      cancelled: toBool(e.cancelled),
      starts_at: toIsoOrNull(e.starts_at),
      duration_ms: e.duration_ms,
    })),
    created_at: toIso(r.created_at),
    updated_at: toIso(r.updated_at),
  };
}

function columns(s: ShowWrite) {
  return {
    station_id: s.station_id,
    name: s.name,
    host: s.host,
    description: s.description,
    starts_at: s.starts_at,
    duration_ms: s.duration_ms,
    rrule: s.rrule,
    exdates: JSON.stringify(s.exdates),
    source_type: s.source?.type ?? null,
    source_id: s.source?.id ?? null,
    priority: s.priority,
  };
}

export function createShowsRepository(base: Db) {
  const db = programmingDb(base);

  async function load(rows: Selectable<ShowsTable>[], tx?: Tx): Promise<ShowRecord[]> {
    if (rows.length === 0) return [];
    const ex = await (tx ?? db)
      .selectFrom('show_exceptions')
      .selectAll()
      .where(
        'show_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('original_starts_at')
      .execute();
    return rows.map((r) =>
      toRecord(
        r,
        ex.filter((e) => e.show_id === r.id),
      ),
    );
  }

  async function writeExceptions(
    showId: string,
    exceptions: readonly ShowExceptionRecord[],
    tx: Tx,
  ) {
    await tx.deleteFrom('show_exceptions').where('show_id', '=', showId).execute();
    if (exceptions.length === 0) return;
    await tx
      .insertInto('show_exceptions')
      .values(
        exceptions.map((e) => ({
          id: randomUUID(),
          show_id: showId,
          original_starts_at: e.original_starts_at,
          cancelled: e.cancelled,
          starts_at: e.starts_at,
          duration_ms: e.duration_ms,
        })),
      )
      .execute();
  }

  return {
    /** One page (limit + 1 rows, to tell whether another follows) of `listByStation`. */
    async pageByStation(stationId: string, page: Page): Promise<ShowRecord[]> {
      const { after } = page;
      let q = db.selectFrom('shows').selectAll().where('station_id', '=', stationId);
      if (after)
        q = q.where((eb) =>
          eb.or([
            eb('starts_at', '>', after.startsAt),
            eb.and([eb('starts_at', '=', after.startsAt), eb('id', '>', after.id)]),
          ]),
        );
      const rows = await q
        .orderBy('starts_at')
        .orderBy('id')
        .limit(page.limit + 1)
        .execute();
      return load(rows);
    },
    async listByStation(stationId: string, tx?: Tx): Promise<ShowRecord[]> {
      const rows = await (tx ?? db)
        .selectFrom('shows')
        .selectAll()
        .where('station_id', '=', stationId)
        .orderBy('starts_at')
        .orderBy('id')
        .execute();
      return load(rows, tx);
    },
    async findById(id: string, tx?: Tx): Promise<ShowRecord | undefined> {
      const r = await (tx ?? db)
        .selectFrom('shows')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return r === undefined ? undefined : (await load([r], tx))[0];
    },
    async insert(s: ShowWrite, now: string, tx: Tx): Promise<void> {
      await tx
        .insertInto('shows')
        .values({ id: s.id, ...columns(s), created_at: now, updated_at: now })
        .execute();
      await writeExceptions(s.id, s.exceptions, tx);
    },
    async update(s: ShowWrite, now: string, tx: Tx): Promise<void> {
      await tx
        .updateTable('shows')
        .set({ ...columns(s), updated_at: now })
        .where('id', '=', s.id)
        .execute();
      await writeExceptions(s.id, s.exceptions, tx);
    },
    async delete(id: string): Promise<boolean> {
      const res = await db.deleteFrom('shows').where('id', '=', id).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },
  };
}
export type ShowsRepository = ReturnType<typeof createShowsRepository>;
