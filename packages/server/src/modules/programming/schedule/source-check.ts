import type { Transaction } from 'kysely';
import type { ScheduleSource } from '@grimnir/contracts';
import type { ProgrammingTables } from '../../../db/programming-types.js';
import type { Database } from '../../../db/types.js';
import { badRequest } from '../../../errors.js';
import type { WebstreamTables } from '../../webstreams/index.js';
import { assertValidRrule } from '../core/recurrence.js';

type Tx = Transaction<Database & ProgrammingTables>;

const TABLE = {
  media: 'media',
  playlist: 'playlists',
  smart_block: 'smart_blocks',
  clock: 'clocks',
  webstream: 'webstreams',
} as const;

/** A source must name something of the same station (live labels are free-form). */
export async function checkSource(
  tx: Tx,
  stationId: string,
  source: ScheduleSource,
): Promise<void> {
  if (source.type === 'live') return;
  if (source.id === undefined) throw badRequest(`a ${source.type} source needs an id`);
  const row = await tx
    .withTables<WebstreamTables>()
    .selectFrom(TABLE[source.type])
    .select('id')
    .where('id', '=', source.id)
    .where('station_id', '=', stationId)
    .executeTakeFirst();
  if (row === undefined)
    throw badRequest(`${source.type} ${source.id} is not part of this station`);
}

export function checkRrule(rrule: string | null | undefined): void {
  if (rrule === null || rrule === undefined) return;
  try {
    assertValidRrule(rrule);
  } catch (err) {
    throw badRequest(`invalid rrule: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Serializes programme writes per station: a no-op UPDATE takes the station row's lock on
 * PostgreSQL (and the write lock on SQLite), so two overlapping entries posted at the same
 * moment cannot both pass the overlap check.
 */
export async function lockStation(tx: Tx, stationId: string): Promise<void> {
  await tx
    .updateTable('stations')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', stationId)
    .execute();
}
