import type { Db } from '../../db/database.js';

export interface AnalysisJob {
  id: string;
  stationId: string;
  storagePath: string;
}

interface AnalysisResult {
  durationMs: number;
  loudnessLufs: number;
  loudnessRangeLu: number;
  truePeakDbtp: number;
  replaygainDb: number;
  cueInMs: number;
  cueOutMs: number;
  introMs: number;
  outroMs: number;
}

/** The analysis queue's SQL: the queue lives in the `media.analysis_state` column itself. */
export function createAnalysisRepository(db: Db) {
  return {
    /** After a crash, items left `running` go back to `pending` (resumable by design). */
    async requeueRunning(): Promise<number> {
      const res = await db
        .updateTable('media')
        .set({ analysis_state: 'pending' })
        .where('analysis_state', '=', 'running')
        .executeTakeFirst();
      return Number(res.numUpdatedRows);
    },
    /**
     * Claims the oldest pending item. The conditional UPDATE makes the claim atomic, so two
     * workers (or two replicas during a leader hand-over) never analyse the same file.
     */
    async claimNext(now: string): Promise<AnalysisJob | undefined> {
      for (let attempt = 0; attempt < 5; attempt++) {
        const next = await db
          .selectFrom('media')
          .select(['id', 'station_id', 'storage_path'])
          .where('analysis_state', '=', 'pending')
          .orderBy('created_at')
          .orderBy('id')
          .limit(1)
          .executeTakeFirst();
        if (!next) return undefined;
        const res = await db
          .updateTable('media')
          .set({ analysis_state: 'running', updated_at: now })
          .where('id', '=', next.id)
          .where('analysis_state', '=', 'pending')
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 1)
          return { id: next.id, stationId: next.station_id, storagePath: next.storage_path };
      }
      return undefined;
    },
    async complete(id: string, r: AnalysisResult, now: string): Promise<void> {
      await db
        .updateTable('media')
        .set({
          analysis_state: 'complete',
          analysis_error: null,
          // A file fenced after decoder failures in playout is back in rotation once it analyses.
          playout_state: 'ok',
          playout_failures: 0,
          playout_error: null,
          duration_ms: r.durationMs,
          loudness_lufs: r.loudnessLufs,
          loudness_range_lu: r.loudnessRangeLu,
          true_peak_dbtp: r.truePeakDbtp,
          replaygain_db: r.replaygainDb,
          cue_in_ms: r.cueInMs,
          cue_out_ms: r.cueOutMs,
          intro_ms: r.introMs,
          outro_ms: r.outroMs,
          analyzed_at: now,
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
    },
    async fail(id: string, message: string, now: string): Promise<void> {
      await db
        .updateTable('media')
        .set({ analysis_state: 'failed', analysis_error: message.slice(0, 500), updated_at: now })
        .where('id', '=', id)
        .execute();
    },
    async release(id: string): Promise<void> {
      await db
        .updateTable('media')
        .set({ analysis_state: 'pending' })
        .where('id', '=', id)
        .where('analysis_state', '=', 'running')
        .execute();
    },
  };
}
export type AnalysisRepository = ReturnType<typeof createAnalysisRepository>;
