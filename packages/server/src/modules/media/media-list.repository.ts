import type { MediaAnalysisState, MediaSort } from '@grimnir/contracts';
import {
  PostgresAdapter,
  sql,
  type Expression,
  type RawBuilder,
  type Selectable,
  type SqlBool,
} from 'kysely';
import type { Db } from '../../db/database.js';
import type { MediaTable } from '../../db/types.js';
import type { MediaCursor } from './media-cursor.js';
import { toRecord, type MediaRecord } from './media-record.js';

/**
 * The library list at scale: filters, sorts and search, each answered by an index created in
 * migration 0400. The sort-key and search expressions below must match that migration's index
 * expressions character for character, or the database falls back to scanning the station.
 */

/** @public the declaration emit of buildServices(), whose return type is inferred, names it. */
export interface MediaListFilter {
  stationId: string;
  q?: string | undefined;
  artist?: string | undefined;
  album?: string | undefined;
  genre?: string | undefined;
  tag?: string | undefined;
  analysisState?: MediaAnalysisState | undefined;
  /** ISO instants, UTC; `to` is exclusive. */
  addedFrom?: string | undefined;
  addedTo?: string | undefined;
  playedFrom?: string | undefined;
  playedTo?: string | undefined;
  sort: MediaSort;
  desc: boolean;
  limit: number;
  after?: MediaCursor | undefined;
}

/** @public the declaration emit of buildServices(), whose return type is inferred, names it. */
export interface ListedMedia {
  record: MediaRecord;
  sortKey: string | number;
}

const isPg = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

function sortKey(sort: MediaSort, pg: boolean): RawBuilder<string | number> {
  switch (sort) {
    case 'added':
      return sql`created_at`;
    case 'title':
      return sql`lower(title)`;
    case 'artist':
      return sql`lower(coalesce(artist, ''))`;
    case 'album':
      return sql`lower(coalesce(album, ''))`;
    case 'genre':
      return sql`lower(coalesce(genre, ''))`;
    case 'duration':
      return sql`coalesce(duration_ms, -1)`;
    case 'last_played':
      return pg
        ? sql`coalesce(last_played_at, timestamptz '1970-01-01 00:00:00+00')`
        : sql`coalesce(last_played_at, '1970-01-01T00:00:00.000Z')`;
  }
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Words of a query, lower-cased; a few are enough (each one narrows the result). */
function searchWords(q: string | undefined): string[] {
  if (q === undefined) return [];
  return q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
}

const SEARCH_COLUMNS = ['title', 'artist', 'album', 'genre'] as const;
// The trigram index needs three characters; shorter words are checked row by row.
const TRIGRAM = 3;

const ftsMatch = (words: string[]) => words.map((w) => `"${w.replaceAll('"', '""')}"`).join(' ');
const trigramWords = (words: string[]) => words.filter((w) => [...w].length >= TRIGRAM);

/**
 * Above this many trigram matches, SQLite walks the sort index and tests each row with LIKE
 * (the first page fills within a few hundred rows); below it, the index answers the query.
 * Measured at 100,000 rows: 56,000 matches cost ~250 ms CPU through the index, ~5 ms by walking.
 */
const BROAD_MATCHES = 2_000;
/**
 * Up to this many matching rows (search or tag), the matches drive the query and are sorted
 * (~7 µs a row); above it, the sort index is walked and each row is probed against the set of
 * matches, which fills a page of 50 within 100,000 / n × 50 rows. Measured at 100,000 tracks:
 * 2,000 matches 14 ms driving, 4 ms walking; 12 matches 0.4 ms driving, 17 ms walking.
 */
const DRIVE_MAX = 600;

function likeAny(w: string): Expression<SqlBool> {
  const pattern = `%${likeEscape(w)}%`;
  return sql<SqlBool>`(${sql.join(
    SEARCH_COLUMNS.map((c) => sql`${sql.ref(c)} like ${pattern} escape '\\'`),
    sql` or `,
  )})`;
}

/** `media.id in (...)`, or `+media.id in (...)` to keep SQLite walking the sort index. */
const idIn = (set: RawBuilder<unknown>, walk: boolean) =>
  walk ? sql<SqlBool>`+media.id in (${set})` : sql<SqlBool>`media.id in (${set})`;

/**
 * SQLite: how the trigram index answers a search, decided from how many rows it matches (counted
 * up to BROAD_MATCHES + 1; undefined when no word has three characters), with their FTS rowids
 * as one JSON array.
 */
type SqlitePlan =
  { broad: true } | { broad: false; matches: { count: number; rowidsJson: string } | undefined };

/**
 * Every word must occur in one of the four columns. SQLite: the trigram FTS5 matches for the
 * words it can index, LIKE for the rest (or for all of them when the match is broad).
 * PostgreSQL: LIKE on the concatenation the pg_trgm GIN index covers (a bitmap AND of one scan
 * per word).
 */
function searchCondition(words: string[], pg: boolean, plan: SqlitePlan): Expression<SqlBool>[] {
  if (pg) {
    const doc = sql`lower(title || ' ' || coalesce(artist, '') || ' ' || coalesce(album, '') || ' ' || coalesce(genre, ''))`;
    return words.map((w) => sql<SqlBool>`${doc} like ${`%${likeEscape(w)}%`} escape '\\'`);
  }
  const indexed = plan.broad ? [] : trigramWords(words);
  const out: Expression<SqlBool>[] = [];
  if (!plan.broad && plan.matches !== undefined) {
    const set = sql`select media_id from media_search where fts_rowid in (select value from json_each(${plan.matches.rowidsJson}))`;
    out.push(idIn(set, plan.matches.count > DRIVE_MAX));
  }
  for (const w of words.filter((x) => !indexed.includes(x))) out.push(likeAny(w));
  return out;
}

/**
 * SQLite only: the trigram matches, counted and gathered into one JSON array inside SQLite (up
 * to one past BROAD_MATCHES), or broad when more. Fetching them as rows cost 2-3 ms for a broad
 * word at 100,000 tracks, mostly in making 2,000 row objects; this costs 0.8 ms. Running the
 * match again inside the list query instead would pay the FTS5 search twice.
 */
async function sqlitePlan(trx: Db, words: string[]): Promise<SqlitePlan> {
  const indexed = trigramWords(words);
  if (indexed.length === 0) return { broad: false, matches: undefined };
  const r = await sql<{
    n: number;
    ids: string;
  }>`select count(*) as n, json_group_array(rowid) as ids from (select rowid from media_fts where media_fts match ${ftsMatch(indexed)} limit ${BROAD_MATCHES + 1})`.execute(
    trx,
  );
  const count = Number(r.rows[0]?.n ?? 0);
  if (count > BROAD_MATCHES) return { broad: true };
  return { broad: false, matches: { count, rowidsJson: r.rows[0]?.ids ?? '[]' } };
}

/** SQLite only: whether a tag is on more tracks than DRIVE_MAX (a covering-index count). */
async function tagIsCommon(trx: Db, stationId: string, tag: string): Promise<boolean> {
  const r = await sql<{
    n: number;
  }>`select count(*) as n from (select 1 from media_tags where station_id = ${stationId} and tag = ${tag} limit ${DRIVE_MAX + 1})`.execute(
    trx,
  );
  return Number(r.rows[0]?.n ?? 0) > DRIVE_MAX;
}

/**
 * SQLite: `lower(x) like 'p%'` as a range on the sort index's key (idx_media_sort_<field>), so a
 * facet prefix reads the matching slice instead of the whole station. Exact under SQLite's
 * BINARY collation (UTF-8 byte order is code point order); the LIKE stays for the rest.
 */
function prefixRange(field: 'artist' | 'album' | 'genre', p: string): Expression<SqlBool> {
  const cps = [...p].map((c) => c.codePointAt(0) ?? 0);
  const last = cps.pop() ?? 0;
  if (last >= 0x10ffff) return sql<SqlBool>`1 = 1`;
  const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
  const upper = String.fromCodePoint(...cps, next);
  const key = sql`lower(coalesce(${sql.ref(field)}, ''))`;
  return sql<SqlBool>`${key} >= ${p} and ${key} < ${upper}`;
}

const ciEquals = (col: 'artist' | 'album' | 'genre', v: string) =>
  sql<SqlBool>`lower(coalesce(${sql.ref(col)}, '')) = lower(${v})`;

function conditions(
  f: MediaListFilter,
  pg: boolean,
  plan: SqlitePlan,
  walkTag: boolean,
): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [sql<SqlBool>`station_id = ${f.stationId}`];
  out.push(...searchCondition(searchWords(f.q), pg, plan));
  if (f.artist !== undefined) out.push(ciEquals('artist', f.artist));
  if (f.album !== undefined) out.push(ciEquals('album', f.album));
  if (f.genre !== undefined) out.push(ciEquals('genre', f.genre));
  if (f.tag !== undefined)
    out.push(
      idIn(
        sql`select media_id from media_tags where station_id = ${f.stationId} and tag = ${f.tag}`,
        walkTag,
      ),
    );
  if (f.analysisState !== undefined) out.push(sql<SqlBool>`analysis_state = ${f.analysisState}`);
  if (f.addedFrom !== undefined) out.push(sql<SqlBool>`created_at >= ${f.addedFrom}`);
  if (f.addedTo !== undefined) out.push(sql<SqlBool>`created_at < ${f.addedTo}`);
  if (f.playedFrom !== undefined) out.push(sql<SqlBool>`last_played_at >= ${f.playedFrom}`);
  if (f.playedTo !== undefined) out.push(sql<SqlBool>`last_played_at < ${f.playedTo}`);
  return out;
}

export function createMediaListRepository(readDb: Db) {
  return {
    /** One page in the requested order; (sort key, id) is a total order, so pages never overlap. */
    async list(f: MediaListFilter, trx: Db = readDb): Promise<ListedMedia[]> {
      const pg = isPg(trx);
      const key = sortKey(f.sort, pg);
      const words = searchWords(f.q);
      const plan: SqlitePlan =
        pg || words.length === 0
          ? { broad: false, matches: undefined }
          : await sqlitePlan(trx, words);
      const walkTag = !pg && f.tag !== undefined && (await tagIsCommon(trx, f.stationId, f.tag));
      const where = conditions(f, pg, plan, walkTag);
      if (f.after) {
        const op = sql.raw(f.desc ? '<' : '>');
        where.push(sql<SqlBool>`(${key}, id) ${op} (${f.after.key}, ${f.after.id})`);
      }
      const dir = sql.raw(f.desc ? 'desc' : 'asc');
      const rows = await trx
        .selectFrom('media')
        .selectAll()
        .select(key.as('sort_key'))
        .where((eb) => eb.and(where))
        .orderBy(sql`${key} ${dir}`)
        .orderBy(sql`id ${dir}`)
        .limit(f.limit)
        .execute();
      return rows.map(({ sort_key, ...row }) => ({ record: toRecord(row), sortKey: sort_key }));
    },
  };
}

/** A group of look-alikes: same lower-cased title and artist, same duration to the second. */
export interface DuplicateKey {
  title: string;
  artist: string;
  /** Rounded seconds; -1 when the duration is unknown. */
  seconds: number;
}

const dupTitle = sql<string>`lower(title)`;
const dupArtist = sql<string>`lower(coalesce(artist, ''))`;
const dupSeconds = sql<number>`coalesce((duration_ms + 500) / 1000, -1)`;

export function createMediaViewsRepository(readDb: Db) {
  return {
    /** Duplicate groups in key order, keyset-paged by the key of the last group. */
    async duplicateKeys(
      stationId: string,
      limit: number,
      after: DuplicateKey | undefined,
      trx: Db = readDb,
    ): Promise<DuplicateKey[]> {
      let q = trx
        .selectFrom('media')
        .select([dupTitle.as('title'), dupArtist.as('artist'), dupSeconds.as('seconds')])
        .where('station_id', '=', stationId)
        .groupBy([dupTitle, dupArtist, dupSeconds])
        .having((eb) => eb.fn.countAll(), '>', 1);
      if (after)
        q = q.having(
          sql<SqlBool>`(${dupTitle}, ${dupArtist}, ${dupSeconds}) > (${after.title}, ${after.artist}, ${after.seconds})`,
        );
      const rows = await q
        .orderBy(dupTitle)
        .orderBy(dupArtist)
        .orderBy(dupSeconds)
        .limit(limit)
        .execute();
      return rows.map((r) => ({ ...r, seconds: Number(r.seconds) }));
    },

    async duplicateMembers(
      stationId: string,
      keys: readonly DuplicateKey[],
      trx: Db = readDb,
    ): Promise<(MediaRecord & { dup: DuplicateKey })[]> {
      if (keys.length === 0) return [];
      // The keys drive (cross join keeps them first on SQLite): one seek each into
      // idx_media_duplicates, not a pass over the station. The cast types the VALUES column for
      // PostgreSQL, which would otherwise take the parameter for text.
      const tuples = keys.map((k) => sql`(${k.title}, ${k.artist}, cast(${k.seconds} as integer))`);
      const { rows } = await sql<
        Selectable<MediaTable> & { dup_title: string; dup_artist: string; dup_seconds: number }
      >`select m.*, k.column1 as dup_title, k.column2 as dup_artist, k.column3 as dup_seconds
        from (values ${sql.join(tuples)}) as k cross join media as m
        where m.station_id = ${stationId} and lower(m.title) = k.column1
          and lower(coalesce(m.artist, '')) = k.column2
          and coalesce((m.duration_ms + 500) / 1000, -1) = k.column3
        order by m.created_at, m.id`.execute(trx);
      return rows.map(({ dup_title, dup_artist, dup_seconds, ...row }) => ({
        ...toRecord(row),
        dup: { title: dup_title, artist: dup_artist, seconds: Number(dup_seconds) },
      }));
    },

    /** Distinct values of one field with counts, most used first; `prefix` is case-insensitive. */
    async facet(
      stationId: string,
      field: 'artist' | 'album' | 'genre' | 'tag',
      prefix: string | undefined,
      limit: number,
      trx: Db = readDb,
    ): Promise<{ value: string; count: number }[]> {
      const like =
        prefix === undefined || prefix === '' ? undefined : `${likeEscape(prefix.toLowerCase())}%`;
      const rows =
        field === 'tag'
          ? await trx
              .selectFrom('media_tags')
              .select((eb) => ['tag as value', eb.fn.countAll<number>().as('count')])
              .where('station_id', '=', stationId)
              .$if(like !== undefined, (qb) =>
                qb.where(sql<SqlBool>`lower(tag) like ${like} escape '\\'`),
              )
              .groupBy('tag')
              .orderBy('count', 'desc')
              .orderBy('tag')
              .limit(limit)
              .execute()
          : await trx
              .selectFrom('media')
              .select((eb) => [
                sql<string>`${sql.ref(field)}`.as('value'),
                eb.fn.countAll<number>().as('count'),
              ])
              .where('station_id', '=', stationId)
              .where(field, 'is not', null)
              .$if(like !== undefined, (qb) =>
                qb.where(sql<SqlBool>`lower(${sql.ref(field)}) like ${like} escape '\\'`),
              )
              .$if(!isPg(trx) && prefix !== undefined && prefix !== '', (qb) =>
                qb.where(prefixRange(field, (prefix ?? '').toLowerCase())),
              )
              .groupBy(field)
              .orderBy('count', 'desc')
              .orderBy(field)
              .limit(limit)
              .execute();
      return rows.map((r) => ({ value: r.value, count: Number(r.count) }));
    },
  };
}
