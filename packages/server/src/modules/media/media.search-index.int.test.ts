import type { MediaListResponse } from '@grimnir/contracts';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testBackend } from '../../test-support/db.js';
import { insertLibraryRows } from '../../test-support/library-rows.js';
import { useMediaSuite } from '../../test-support/media-suite.js';

const suite = useMediaSuite('grimnir-media-search-index-');

describe('the search index', () => {
  it('finds a track in the next search after it is written, among many', async () => {
    const { t, w } = suite.current();
    const rows = Array.from({ length: 500 }, (_, i) => ({ title: `Track ${i}`, artist: 'Many' }));
    await insertLibraryRows(t.database.db, w.stationA, rows);
    const search = async (q: string) =>
      (
        await suite.get(`/api/v1/media?station_id=${w.stationA}&q=${q}`, w.viewerA)
      ).json<MediaListResponse>();
    expect((await search('track%20417')).items.map((m) => m.title)).toEqual(['Track 417']);
    await insertLibraryRows(t.database.db, w.stationA, [{ title: 'Quasar Dawn' }]);
    expect((await search('quasar')).items.map((m) => m.title)).toEqual(['Quasar Dawn']);
  });

  // Migration 0700: a GIN pending list is read in full by every search until a vacuum merges it.
  it.runIf(testBackend === 'postgres')(
    'keeps no pending list on PostgreSQL (fastupdate off)',
    async () => {
      const { t } = suite.current();
      const { rows } = await sql<{
        reloptions: string[] | null;
      }>`select reloptions from pg_class where relname = 'idx_media_search_trgm'`.execute(
        t.database.db,
      );
      expect(rows[0]?.reloptions).toContain('fastupdate=off');
    },
  );
});
