import { randomUUID } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import {
  clockHoursRuleSchema,
  clockSlotPayloadSchema,
  clockSlotTypeSchema,
  type ClockHoursRule,
  type ClockSlotPayload,
  type ClockSlotType,
} from '@grimnir/contracts';
import { z } from 'zod';
import type { Db } from '../../../db/database.js';
import {
  programmingDb,
  type ClockSlotsTable,
  type ClocksTable,
  type ProgrammingTables,
} from '../../../db/programming-types.js';
import { toIso } from '../../../db/row-mappers.js';
import type { Database } from '../../../db/types.js';
import type { WebstreamTables } from '../../webstreams/index.js';

type Tx = Transaction<Database & ProgrammingTables>;
export type ClockRefTable = 'media' | 'smart_blocks' | 'playlists' | 'webstreams';

export interface ClockSlotRecord {
  offset_ms: number;
  type: ClockSlotType;
  payload: ClockSlotPayload;
}

export interface ClockRecord {
  id: string;
  station_id: string;
  name: string;
  priority: number;
  hours: ClockHoursRule[];
  slots: ClockSlotRecord[];
  created_at: string;
  updated_at: string;
}

const hoursList = z.array(clockHoursRuleSchema);

function toRecord(r: Selectable<ClocksTable>, slots: Selectable<ClockSlotsTable>[]): ClockRecord {
  return {
    id: r.id,
    station_id: r.station_id,
    name: r.name,
    priority: r.priority,
    hours: hoursList.parse(JSON.parse(r.hours)),
    slots: slots.map((s) => ({
      offset_ms: s.offset_ms,
      type: clockSlotTypeSchema.parse(s.type),
      payload: clockSlotPayloadSchema.parse(JSON.parse(s.payload)),
    })),
    created_at: toIso(r.created_at),
    updated_at: toIso(r.updated_at),
  };
}

export function createClocksRepository(base: Db) {
  const db = programmingDb(base);

  async function load(rows: Selectable<ClocksTable>[], tx?: Tx): Promise<ClockRecord[]> {
    if (rows.length === 0) return [];
    const slots = await (tx ?? db)
      .selectFrom('clock_slots')
      .selectAll()
      .where(
        'clock_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('clock_id')
      .orderBy('position')
      .execute();
    return rows.map((r) =>
      toRecord(
        r,
        slots.filter((s) => s.clock_id === r.id),
      ),
    );
  }

  return {
    async listByStation(stationId: string): Promise<ClockRecord[]> {
      const rows = await db
        .selectFrom('clocks')
        .selectAll()
        .where('station_id', '=', stationId)
        .orderBy('name')
        .orderBy('id')
        .execute();
      return load(rows);
    },
    async findById(id: string, tx?: Tx): Promise<ClockRecord | undefined> {
      const r = await (tx ?? db)
        .selectFrom('clocks')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return r === undefined ? undefined : (await load([r], tx))[0];
    },
    async insert(
      c: {
        id: string;
        station_id: string;
        name: string;
        priority: number;
        hours: ClockHoursRule[];
      },
      now: string,
      tx: Tx,
    ): Promise<void> {
      await tx
        .insertInto('clocks')
        .values({ ...c, hours: JSON.stringify(c.hours), created_at: now, updated_at: now })
        .execute();
    },
    async update(
      id: string,
      patch: { name?: string; priority?: number; hours?: ClockHoursRule[] },
      now: string,
      tx: Tx,
    ): Promise<void> {
      await tx
        .updateTable('clocks')
        .set({
          ...(patch.name !== undefined && { name: patch.name }),
          ...(patch.priority !== undefined && { priority: patch.priority }),
          ...(patch.hours !== undefined && { hours: JSON.stringify(patch.hours) }),
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
    },
    async replaceSlots(clockId: string, slots: readonly ClockSlotRecord[], tx: Tx): Promise<void> {
      await tx.deleteFrom('clock_slots').where('clock_id', '=', clockId).execute();
      if (slots.length === 0) return;
      await tx
        .insertInto('clock_slots')
        .values(
          slots.map((s, position) => ({
            id: randomUUID(),
            clock_id: clockId,
            position,
            offset_ms: s.offset_ms,
            type: s.type,
            payload: JSON.stringify(s.payload),
          })),
        )
        .execute();
    },
    /** Which of `ids` are rows of `table` that belong to the station. */
    async existingRefs(
      stationId: string,
      table: ClockRefTable,
      ids: readonly string[],
      tx?: Tx,
    ): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await (tx ?? db)
        .withTables<WebstreamTables>()
        .selectFrom(table)
        .select('id')
        .where('station_id', '=', stationId)
        .where('id', 'in', [...new Set(ids)])
        .execute();
      return new Set(rows.map((r) => r.id));
    },
    async delete(id: string): Promise<boolean> {
      const res = await db.deleteFrom('clocks').where('id', '=', id).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },
    transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return db.transaction().execute(fn);
    },
  };
}
export type ClocksRepository = ReturnType<typeof createClocksRepository>;
