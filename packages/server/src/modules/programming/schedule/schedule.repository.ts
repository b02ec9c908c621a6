import type { Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import type { FallbackSource, ScheduleSource } from '@grimnir/contracts';
import type { Db } from '../../../db/database.js';
import {
  programmingDb,
  type ProgrammingTables,
  type ScheduleEntriesTable,
  type ScheduleItemsTable,
} from '../../../db/programming-types.js';
import { toBool, toIso } from '../../../db/row-mappers.js';
import type { Database } from '../../../db/types.js';
import type { ItemSourceType, PlannedItem } from '../core/plan-types.js';
import type { Page } from './page.js';
import { nextTurn } from '../../../infra/slices.js';

type Tx = Transaction<Database & ProgrammingTables>;

export interface ScheduleEntryRecord {
  id: string;
  station_id: string;
  starts_at: string;
  ends_at: string;
  rrule: string | null;
  exdates: string[];
  source: ScheduleSource;
  priority: number;
  created_at: string;
  updated_at: string;
}

const stringList = z.array(z.string());

function toEntry(r: Selectable<ScheduleEntriesTable>): ScheduleEntryRecord {
  return {
    id: r.id,
    station_id: r.station_id,
    starts_at: toIso(r.starts_at),
    ends_at: toIso(r.ends_at),
    rrule: r.rrule,
    exdates: stringList.parse(JSON.parse(r.exdates)),
    source: {
      type: r.source_type as ScheduleSource['type'],
      ...(r.source_id !== null && { id: r.source_id }),
    },
    priority: r.priority,
    created_at: toIso(r.created_at),
    updated_at: toIso(r.updated_at),
  };
}

function toPlanned(r: Selectable<ScheduleItemsTable>): PlannedItem & { stationId: string } {
  return {
    id: r.id,
    stationId: r.station_id,
    startMs: Date.parse(toIso(r.starts_at)),
    endMs: Date.parse(toIso(r.ends_at)),
    kind: r.kind as PlannedItem['kind'],
    mediaId: r.media_id,
    webstreamId: r.webstream_id,
    label: r.label,
    cueInMs: r.cue_in_ms,
    cueOutMs: r.cue_out_ms,
    fadeInMs: r.fade_in_ms,
    fadeOutMs: r.fade_out_ms,
    sourceType: r.source_type as ItemSourceType,
    sourceId: r.source_id,
    entryId: r.entry_id,
    clockId: r.clock_id,
    segmentKey: r.segment_key,
    hardStart: toBool(r.hard_start),
    reason: r.reason,
  };
}

function toItemRow(stationId: string, i: PlannedItem) {
  return {
    id: i.id,
    station_id: stationId,
    starts_at: new Date(i.startMs).toISOString(),
    ends_at: new Date(i.endMs).toISOString(),
    kind: i.kind,
    media_id: i.mediaId,
    webstream_id: i.webstreamId,
    label: i.label,
    cue_in_ms: i.cueInMs,
    cue_out_ms: i.cueOutMs,
    fade_in_ms: i.fadeInMs,
    fade_out_ms: i.fadeOutMs,
    source_type: i.sourceType,
    source_id: i.sourceId,
    entry_id: i.entryId,
    clock_id: i.clockId,
    segment_key: i.segmentKey,
    hard_start: i.hardStart,
    reason: i.reason,
  };
}

const INSERT_CHUNK = 200;

export function createScheduleRepository(base: Db) {
  const db = programmingDb(base);
  return {
    async listEntries(stationId: string, tx?: Tx): Promise<ScheduleEntryRecord[]> {
      const rows = await (tx ?? db)
        .selectFrom('schedule_entries')
        .selectAll()
        .where('station_id', '=', stationId)
        .orderBy('starts_at')
        .orderBy('id')
        .execute();
      return rows.map(toEntry);
    },
    async findEntry(id: string, tx?: Tx): Promise<ScheduleEntryRecord | undefined> {
      const r = await (tx ?? db)
        .selectFrom('schedule_entries')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return r && toEntry(r);
    },
    async insertEntry(
      e: Omit<ScheduleEntryRecord, 'created_at' | 'updated_at'>,
      now: string,
      tx: Tx,
    ): Promise<void> {
      await tx
        .insertInto('schedule_entries')
        .values({
          id: e.id,
          station_id: e.station_id,
          starts_at: e.starts_at,
          ends_at: e.ends_at,
          rrule: e.rrule,
          exdates: JSON.stringify(e.exdates),
          source_type: e.source.type,
          source_id: e.source.id ?? null,
          priority: e.priority,
          created_at: now,
          updated_at: now,
        })
        .execute();
    },
    async updateEntry(
      e: Omit<ScheduleEntryRecord, 'created_at' | 'updated_at' | 'station_id'>,
      now: string,
      tx: Tx,
    ): Promise<void> {
      await tx
        .updateTable('schedule_entries')
        .set({
          starts_at: e.starts_at,
          ends_at: e.ends_at,
          rrule: e.rrule,
          exdates: JSON.stringify(e.exdates),
          source_type: e.source.type,
          source_id: e.source.id ?? null,
          priority: e.priority,
          updated_at: now,
        })
        .where('id', '=', e.id)
        .execute();
    },
    async deleteEntry(id: string): Promise<boolean> {
      const res = await db.deleteFrom('schedule_entries').where('id', '=', id).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },
    /** One page (limit + 1 rows, to tell whether another follows) of `listEntries`. */
    async pageEntries(stationId: string, page: Page): Promise<ScheduleEntryRecord[]> {
      const { after } = page;
      let q = db.selectFrom('schedule_entries').selectAll().where('station_id', '=', stationId);
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
      return rows.map(toEntry);
    },
    /** One page (limit + 1 rows) of the items overlapping [from, to), by (starts_at, id). */
    async pageItems(
      stationId: string,
      fromIso: string,
      toIso_: string,
      page: Page,
    ): Promise<PlannedItem[]> {
      const { after } = page;
      let q = db
        .selectFrom('schedule_items')
        .selectAll()
        .where('station_id', '=', stationId)
        .where('starts_at', '<', toIso_)
        .where('ends_at', '>', fromIso);
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
      return rows.map(toPlanned);
    },
    async listItems(stationId: string, fromIso: string, toIso_: string): Promise<PlannedItem[]> {
      const rows = await db
        .selectFrom('schedule_items')
        .selectAll()
        .where('station_id', '=', stationId)
        .where('starts_at', '<', toIso_)
        .where('ends_at', '>', fromIso)
        .orderBy('starts_at')
        .execute();
      return rows.map(toPlanned);
    },
    async itemsFrom(stationId: string, fromIso: string, tx?: Tx): Promise<PlannedItem[]> {
      const rows = await (tx ?? db)
        .selectFrom('schedule_items')
        .selectAll()
        .where('station_id', '=', stationId)
        .where('ends_at', '>', fromIso)
        .orderBy('starts_at')
        .execute();
      return rows.map(toPlanned);
    },
    /** Writes a plan diff in one transaction; an empty diff touches nothing. */
    async applyDiff(
      stationId: string,
      remove: readonly string[],
      insert: readonly PlannedItem[],
      tx: Tx,
    ): Promise<void> {
      // Each chunk on its own turn of the event loop: SQLite writes synchronously, and a
      // 72-hour plan's thousands of rows in one go held the loop for a long stretch.
      for (let i = 0; i < remove.length; i += INSERT_CHUNK) {
        await tx
          .deleteFrom('schedule_items')
          .where('station_id', '=', stationId)
          .where('id', 'in', remove.slice(i, i + INSERT_CHUNK))
          .execute();
        await nextTurn();
      }
      for (let i = 0; i < insert.length; i += INSERT_CHUNK) {
        await tx
          .insertInto('schedule_items')
          .values(insert.slice(i, i + INSERT_CHUNK).map((item) => toItemRow(stationId, item)))
          .execute();
        await nextTurn();
      }
    },
    async countEntries(): Promise<number> {
      const r = await db
        .selectFrom('schedule_entries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },
    async getFallback(stationId: string, tx?: Tx): Promise<FallbackSource | null> {
      const r = await (tx ?? db)
        .selectFrom('station_fallbacks')
        .selectAll()
        .where('station_id', '=', stationId)
        .executeTakeFirst();
      if (r === undefined) return null;
      return { type: r.source_type === 'playlist' ? 'playlist' : 'smart_block', id: r.source_id };
    },
    async putFallback(
      stationId: string,
      source: FallbackSource | null,
      now: string,
    ): Promise<void> {
      await db.transaction().execute(async (tx) => {
        await tx.deleteFrom('station_fallbacks').where('station_id', '=', stationId).execute();
        if (source !== null) {
          await tx
            .insertInto('station_fallbacks')
            .values({
              station_id: stationId,
              source_type: source.type,
              source_id: source.id,
              updated_at: now,
            })
            .execute();
        }
      });
    },
    transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return db.transaction().execute(fn);
    },
  };
}
export type ScheduleRepository = ReturnType<typeof createScheduleRepository>;
