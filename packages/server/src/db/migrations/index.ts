import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0100 from './0100_programming.js';
import * as m0200 from './0200_playout.js';
import * as m0250 from './0250_live.js';
import * as m0310 from './0310_webstreams.js';
import * as m0320 from './0320_leader_fence.js';
import * as m0330 from './0330_playout_faults.js';
import * as m0335 from './0335_users_token_version.js';
import * as m0400 from './0400_media_library.js';
import * as m0450 from './0450_play_queue_position.js';
import * as m0520 from './0520_media_scheduler_indexes.js';
import * as m0600 from './0600_listener_sessions.js';
import * as m0620 from './0620_media_duplicates_index.js';
import * as m0650 from './0650_import_jobs.js';
import * as m0700 from './0700_media_search_no_pending_list.js';

/**
 * Every migration, in order. Listed in code (not read from a folder) so the same list works
 * from TypeScript sources under Vitest and from compiled JavaScript in production.
 * Numbering: 0001–0099 foundation, 0100–0199 programming, 0200–0299 playout/engine.
 * Never edit a shipped migration; add a new one.
 */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0100_programming': m0100,
  '0200_playout': m0200,
  '0250_live': m0250,
  '0310_webstreams': m0310,
  '0320_leader_fence': m0320,
  '0330_playout_faults': m0330,
  '0335_users_token_version': m0335,
  '0400_media_library': m0400,
  '0450_play_queue_position': m0450,
  '0520_media_scheduler_indexes': m0520,
  '0600_listener_sessions': m0600,
  '0620_media_duplicates_index': m0620,
  '0650_import_jobs': m0650,
  '0700_media_search_no_pending_list': m0700,
};
