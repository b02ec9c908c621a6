import { randomUUID } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import { smartBlockRulesSchema, type SmartBlockRules } from '@grimnir/contracts';
import type { Db } from '../../../db/database.js';
import {
  programmingDb,
  type ProgrammingTables,
  type SmartBlockRulesTable,
  type SmartBlocksTable,
} from '../../../db/programming-types.js';
import { toIso } from '../../../db/row-mappers.js';
import type { Database } from '../../../db/types.js';

type Tx = Transaction<Database & ProgrammingTables>;

export interface SmartBlockRecord {
  id: string;
  station_id: string;
  name: string;
  description: string;
  rules: SmartBlockRules;
  created_at: string;
  updated_at: string;
}

const LIST_KINDS = ['include', 'exclude', 'weight', 'quota', 'filler'] as const;
type RuleKind = (typeof LIST_KINDS)[number];
const FIELD_OF: Record<RuleKind, 'include' | 'exclude' | 'weights' | 'quotas' | 'fillers'> = {
  include: 'include',
  exclude: 'exclude',
  weight: 'weights',
  quota: 'quotas',
  filler: 'fillers',
};

/** Block-wide settings live on smart_blocks; every filter/weight/quota is a smart_block_rules row. */
function splitRules(rules: SmartBlockRules) {
  const { include_mode, separation, tolerance_ms, energy_curve } = rules;
  const rows = LIST_KINDS.flatMap((kind) =>
    (rules[FIELD_OF[kind]] as readonly unknown[]).map((definition) => ({ kind, definition })),
  );
  return { settings: { include_mode, separation, tolerance_ms, energy_curve }, rows };
}

function joinRules(
  settings: string,
  rows: readonly Selectable<SmartBlockRulesTable>[],
): SmartBlockRules {
  const doc: Record<string, unknown> = { ...(JSON.parse(settings) as Record<string, unknown>) };
  for (const kind of LIST_KINDS) {
    doc[FIELD_OF[kind]] = rows
      .filter((r) => r.kind === kind)
      .map((r) => JSON.parse(r.definition) as unknown);
  }
  return smartBlockRulesSchema.parse(doc);
}

function toRecord(
  r: Selectable<SmartBlocksTable>,
  rows: readonly Selectable<SmartBlockRulesTable>[],
): SmartBlockRecord {
  return {
    id: r.id,
    station_id: r.station_id,
    name: r.name,
    description: r.description,
    rules: joinRules(r.settings, rows),
    created_at: toIso(r.created_at),
    updated_at: toIso(r.updated_at),
  };
}

export function createSmartBlocksRepository(base: Db) {
  const db = programmingDb(base);

  async function load(
    blocks: Selectable<SmartBlocksTable>[],
    tx?: Tx,
  ): Promise<SmartBlockRecord[]> {
    if (blocks.length === 0) return [];
    const rows = await (tx ?? db)
      .selectFrom('smart_block_rules')
      .selectAll()
      .where(
        'smart_block_id',
        'in',
        blocks.map((b) => b.id),
      )
      .orderBy('smart_block_id')
      .orderBy('position')
      .execute();
    return blocks.map((b) =>
      toRecord(
        b,
        rows.filter((r) => r.smart_block_id === b.id),
      ),
    );
  }

  async function writeRules(
    id: string,
    stationId: string,
    rules: SmartBlockRules,
    tx: Tx,
  ): Promise<string> {
    const { settings, rows } = splitRules(rules);
    await tx.deleteFrom('smart_block_rules').where('smart_block_id', '=', id).execute();
    if (rows.length > 0) {
      await tx
        .insertInto('smart_block_rules')
        .values(
          rows.map((r, position) => ({
            id: randomUUID(),
            station_id: stationId,
            smart_block_id: id,
            position,
            kind: r.kind,
            definition: JSON.stringify(r.definition),
          })),
        )
        .execute();
    }
    return JSON.stringify(settings);
  }

  return {
    async listByStation(stationId: string): Promise<SmartBlockRecord[]> {
      const blocks = await db
        .selectFrom('smart_blocks')
        .selectAll()
        .where('station_id', '=', stationId)
        .orderBy('name')
        .orderBy('id')
        .execute();
      return load(blocks);
    },
    async findById(id: string, tx?: Tx): Promise<SmartBlockRecord | undefined> {
      const b = await (tx ?? db)
        .selectFrom('smart_blocks')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return b === undefined ? undefined : (await load([b], tx))[0];
    },
    async insert(
      b: Omit<SmartBlockRecord, 'created_at' | 'updated_at'>,
      now: string,
      tx: Tx,
    ): Promise<void> {
      await tx
        .insertInto('smart_blocks')
        .values({
          id: b.id,
          station_id: b.station_id,
          name: b.name,
          description: b.description,
          settings: '{}',
          created_at: now,
          updated_at: now,
        })
        .execute();
      const settings = await writeRules(b.id, b.station_id, b.rules, tx);
      await tx.updateTable('smart_blocks').set({ settings }).where('id', '=', b.id).execute();
    },
    async update(
      current: SmartBlockRecord,
      patch: { name?: string; description?: string; rules?: SmartBlockRules },
      now: string,
      tx: Tx,
    ): Promise<void> {
      const settings =
        patch.rules === undefined
          ? undefined
          : await writeRules(current.id, current.station_id, patch.rules, tx);
      await tx
        .updateTable('smart_blocks')
        .set({
          ...(patch.name !== undefined && { name: patch.name }),
          ...(patch.description !== undefined && { description: patch.description }),
          ...(settings !== undefined && { settings }),
          updated_at: now,
        })
        .where('id', '=', current.id)
        .execute();
    },
    async delete(id: string): Promise<boolean> {
      const res = await db.deleteFrom('smart_blocks').where('id', '=', id).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },
    transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return db.transaction().execute(fn);
    },
  };
}
export type SmartBlocksRepository = ReturnType<typeof createSmartBlocksRepository>;
