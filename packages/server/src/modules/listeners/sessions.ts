import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { clientFacts } from './sessions-client.js';
import type {
  ListenerSessionsRepository,
  SessionKind,
  SessionRow,
  WriteCost,
} from './sessions.repository.js';

interface SessionOpen {
  stationId: string;
  mountId: string | null;
  mount: string;
  kind: SessionKind;
  /** The client's address (hashed and truncated here, never stored); absent for relays. */
  address?: string;
  userAgent?: string;
}

export interface TrackerOptions {
  /** How often pending opens and ends are written, in one transaction. */
  flushMs: number;
  /** Ended sessions older than this are deleted (GRIMNIR_LISTENER_RETENTION_DAYS). */
  retentionDays: number;
  /** How often the retention purge runs. */
  purgeEveryMs: number;
}

const DEFAULTS: TrackerOptions = { flushMs: 5000, retentionDays: 90, purgeEveryMs: 3_600_000 };
const DAY_MS = 86_400_000;

/**
 * Every listener connection becomes one row, written in batches: opens and ends are kept in
 * memory and written together every `flushMs` (one multi-row insert, one multi-row update and
 * one heartbeat per flush), so the write load grows with how often listeners come and go,
 * never with how many are connected or for how long. A session opened and ended between two
 * flushes is written once, already ended.
 *
 * Crash and restart: the heartbeat says until when this tracker's open rows were true; the next
 * tracker to start (or the periodic sweep) ends a silent tracker's sessions at its last beat.
 */
export function createSessionTracker(d: {
  repo: ListenerSessionsRepository;
  now: () => number;
  /** Key of the client-address hash (derived from the instance's signing key). */
  hashKey: string;
  log: FastifyBaseLogger;
  options?: Partial<TrackerOptions>;
}) {
  const opts = { ...DEFAULTS, ...d.options };
  const trackerId = randomUUID();
  const staleMs = Math.max(120_000, opts.flushMs * 6);
  let inserts = new Map<string, SessionRow>();
  let ends = new Map<string, number>();
  const open = new Set<string>();
  const written: WriteCost & { flushes: number } = { rows: 0, statements: 0, flushes: 0 };
  let flushing: Promise<void> = Promise.resolve();
  let timers: NodeJS.Timeout[] = [];
  let stopped = false;

  async function writePending(): Promise<void> {
    const batch = { inserts, ends };
    inserts = new Map();
    ends = new Map();
    try {
      const cost = await d.repo.writeBatch({
        inserts: [...batch.inserts.values()],
        ends: [...batch.ends].map(([id, endedMs]) => ({ id, endedMs })),
        heartbeat: { trackerId, ms: d.now() },
      });
      written.rows += cost.rows;
      written.statements += cost.statements;
      written.flushes++;
    } catch (err) {
      // Kept for the next flush: a database outage delays the rows, it does not lose them.
      for (const [id, row] of batch.inserts) if (!inserts.has(id)) inserts.set(id, row);
      for (const [id, ms] of batch.ends) {
        const row = inserts.get(id);
        if (row) row.endedMs ??= ms;
        else if (!ends.has(id)) ends.set(id, ms);
      }
      d.log.warn({ err }, 'listener sessions: flush failed; retrying at the next flush');
    }
  }

  const flush = (): Promise<void> => {
    flushing = flushing.then(writePending);
    return flushing;
  };

  function close(id: string): void {
    if (!open.delete(id)) return;
    const now = d.now();
    const row = inserts.get(id);
    if (row) row.endedMs = now;
    else ends.set(id, now);
  }

  async function sweep(): Promise<void> {
    const now = d.now();
    const closed = await d.repo.closeAbandoned(trackerId, now - staleMs);
    const purged = await d.repo.purgeEndedBefore(now - opts.retentionDays * DAY_MS);
    if (closed + purged > 0) d.log.info({ closed, purged }, 'listener sessions: swept');
  }

  return {
    trackerId,
    /** A listener connected; returns the session id to pass to `close`. */
    open(s: SessionOpen): string {
      const id = randomUUID();
      const facts =
        s.address === undefined ? undefined : clientFacts(d.hashKey, s.address, s.userAgent);
      inserts.set(id, {
        id,
        stationId: s.stationId,
        mountId: s.mountId,
        mount: s.mount,
        kind: s.kind,
        trackerId,
        clientHash: facts?.hash ?? null,
        clientNet: facts?.net ?? null,
        userAgent: facts?.userAgent ?? s.userAgent ?? null,
        country: facts?.country ?? null,
        startedMs: d.now(),
        endedMs: null,
      });
      open.add(id);
      return id;
    },
    close,
    /** Sessions open now on this replica. */
    get openCount(): number {
      return open.size;
    },
    /** What has been written so far (the bench's figures). */
    get written(): Readonly<typeof written> {
      return written;
    },
    flush,
    /** Ends what a crashed tracker left open, purges old rows, then flushes on a timer. */
    async start(): Promise<void> {
      await sweep();
      const flusher = setInterval(() => void flush(), opts.flushMs);
      const sweeper = setInterval(() => {
        sweep().catch((err: unknown) => d.log.warn({ err }, 'listener sessions: sweep failed'));
      }, opts.purgeEveryMs);
      timers = [flusher, sweeper];
      for (const t of timers) t.unref();
    },
    /** Shutdown: every open session ends now, is written, and the heartbeat row goes. */
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      for (const t of timers) clearInterval(t);
      for (const id of [...open]) close(id);
      await flush();
      await d.repo.removeTracker(trackerId).catch((err: unknown) => {
        d.log.warn({ err }, 'listener sessions: tracker row not removed');
      });
    },
  };
}
export type SessionTracker = ReturnType<typeof createSessionTracker>;
