import type { Transaction } from 'kysely';
import type { ScheduleSource } from '@grimnir/contracts';
import type { ProgrammingTables } from '../../../db/programming-types.js';
import type { Database } from '../../../db/types.js';
import { AppError, badRequest } from '../../../errors.js';
import type { WebstreamTables } from '../../webstreams/index.js';
import { assertValidRrule } from '../core/recurrence.js';
import { RecurrenceRuleError } from '../core/rrule-policy.js';

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

/**
 * 400 naming the broken limit (`details.limit`) for a rule a station schedule refuses. The probe
 * of a rule can take a few milliseconds; it starts on a fresh turn of the event loop so that a
 * burst of requests does not add up to one long stall.
 */
export async function checkRrule(
  rrule: string | null | undefined,
  startsAt: string,
  timezone: string,
): Promise<void> {
  if (rrule === null || rrule === undefined) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  try {
    assertValidRrule(rrule, Date.parse(startsAt), timezone);
  } catch (err) {
    const mapped = recurrenceError(err);
    if (mapped !== err || !(err instanceof Error)) throw mapped;
    // Anything else the parser threw is a malformed rule, not a server fault.
    throw new AppError(400, 'invalid_rrule', `invalid rrule: ${err.message}`);
  }
}

/** Runs an expansion of entry `id`, turning a bound it hits into a 400 naming the entry. */
export async function expanding<T>(id: string, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof RecurrenceRuleError)) throw err;
    throw new AppError(400, 'invalid_rrule', `entry ${id}: ${err.message}`, {
      limit: err.limit,
      entry_id: id,
    });
  }
}

/** An expansion or policy refusal as the API's typed error; other errors pass unchanged. */
function recurrenceError(err: unknown): unknown {
  if (!(err instanceof RecurrenceRuleError)) return err;
  return new AppError(400, 'invalid_rrule', `invalid rrule: ${err.message}`, { limit: err.limit });
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
