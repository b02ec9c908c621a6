import type { Db } from '../../db/database.js';
import { createClocksRepository } from './clocks/clocks.repository.js';
import { createLibraryRepository } from './planner/library.repository.js';
import { createPlaylistsRepository } from './playlists/playlists.repository.js';
import { createScheduleRepository } from './schedule/schedule.repository.js';
import { createShowsRepository } from './schedule/shows.repository.js';
import { createSmartBlocksRepository } from './smart-blocks/smart-blocks.repository.js';

/**
 * Every repository of the programming room over one database. The whole object is also the
 * planner's `ProgrammeSource`; the sub-features take the one repository they edit.
 */
export function createProgrammeRepos(db: Db) {
  return {
    schedule: createScheduleRepository(db),
    shows: createShowsRepository(db),
    clocks: createClocksRepository(db),
    smartBlocks: createSmartBlocksRepository(db),
    playlists: createPlaylistsRepository(db),
    library: createLibraryRepository(db),
  };
}
export type ProgrammeRepos = ReturnType<typeof createProgrammeRepos>;
