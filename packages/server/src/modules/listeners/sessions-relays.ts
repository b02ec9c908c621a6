import type { IncomingMessage } from 'node:http';
import type { OutboundFence } from '@grimnir/engine-client';
import type { FastifyBaseLogger } from 'fastify';
import type { SessionTracker } from './sessions.js';

/** An Icecast server one of our mounts feeds (a mount's `icecast` target). */
export interface RelayTarget {
  stationId: string;
  mountId: string;
  mountName: string;
  host: string;
  port: number;
  /** The mount path on that server, e.g. `/radio.mp3`. */
  mount: string;
}

interface IcecastSource {
  listenurl?: unknown;
  listeners?: unknown;
}

/**
 * Listeners per mount path from Icecast's `/status-json.xsl` (2.4: `icestats.source` is an
 * object for one mount and an array for several). Pure.
 */
export function relayListeners(doc: unknown): Map<string, number> {
  const out = new Map<string, number>();
  const stats = (doc as { icestats?: { source?: unknown } } | null)?.icestats;
  const raw = stats?.source;
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  const sources = list.filter((s): s is IcecastSource => s !== null && typeof s === 'object');
  for (const s of sources) {
    if (typeof s.listenurl !== 'string') continue;
    const n = Number(s.listeners);
    if (!Number.isInteger(n) || n < 0) continue;
    try {
      out.set(new URL(s.listenurl).pathname, n);
    } catch {
      // A listen URL Icecast could not build is not one of ours.
    }
  }
  return out;
}

// Icecast's status of a busy server is a few kB per mount; anything far larger is not one.
const STATUS_MAX_BYTES = 1 << 20;

/** The body as text, refusing more than `max` bytes (the stream is dropped then). */
async function readCapped(res: IncomingMessage, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      res.destroy();
      throw new Error(`status document over ${max} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The Icecast targets' listeners, so relays are counted: each poll compares a target's listener
 * count with the relay sessions open for it and opens or ends the difference. Icecast's status
 * names no clients, so relay sessions carry no address, agent or country, and when the count
 * drops the most recently opened sessions end first. Only the leader polls (every replica
 * would otherwise count the same relay listeners once each); losing leadership ends them.
 */
export function createRelayPoller(d: {
  tracker: Pick<SessionTracker, 'open' | 'close'>;
  targets: () => Promise<RelayTarget[]>;
  isLeader: () => boolean;
  log: FastifyBaseLogger;
  /**
   * The control plane's outbound fence: a target's host was checked when it was saved, but the
   * name may resolve elsewhere by now (DNS rebinding), so every poll goes through it again.
   */
  outbound: Pick<OutboundFence, 'open'>;
  intervalMs?: number;
  timeoutMs?: number;
}) {
  const open = new Map<string, string[]>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  function endAll(mountId: string): void {
    for (const id of open.get(mountId) ?? []) d.tracker.close(id);
    open.delete(mountId);
  }

  function settle(t: RelayTarget, count: number): void {
    const ids = open.get(t.mountId) ?? [];
    while (ids.length < count)
      ids.push(
        d.tracker.open({
          stationId: t.stationId,
          mountId: t.mountId,
          mount: t.mountName,
          kind: 'relay',
        }),
      );
    while (ids.length > count) d.tracker.close(ids.pop() as string);
    if (ids.length > 0) open.set(t.mountId, ids);
    else open.delete(t.mountId);
  }

  async function status(host: string, port: number): Promise<Map<string, number> | undefined> {
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/status-json.xsl`;
    const r = await d.outbound.open(url, { timeoutMs: d.timeoutMs ?? 5000, maxRedirects: 0 });
    if (!r.ok) {
      d.log.debug(
        { host, port, detail: r.detail },
        'icecast status unreachable; relay listeners kept',
      );
      return undefined;
    }
    try {
      return relayListeners(JSON.parse(await readCapped(r.res, STATUS_MAX_BYTES)));
    } catch (err) {
      d.log.debug({ err, host, port }, 'icecast status unreadable; relay listeners kept');
      return undefined;
    }
  }

  async function poll(): Promise<void> {
    if (!d.isLeader()) {
      for (const mountId of [...open.keys()]) endAll(mountId);
      return;
    }
    const targets = await d.targets();
    const byServer = new Map<string, RelayTarget[]>();
    for (const t of targets) {
      const key = `${t.host}\u0000${t.port}`;
      byServer.set(key, [...(byServer.get(key) ?? []), t]);
    }
    await Promise.all(
      [...byServer.values()].map(async (group) => {
        const first = group[0] as RelayTarget;
        const counts = await status(first.host, first.port);
        // Unreachable: the last known sessions stay open rather than ending and reopening.
        if (counts) for (const t of group) settle(t, counts.get(t.mount) ?? 0);
      }),
    );
    const known = new Set(targets.map((t) => t.mountId));
    for (const mountId of [...open.keys()]) if (!known.has(mountId)) endAll(mountId);
  }

  const tick = (): Promise<void> => {
    running ??= poll()
      .catch((err: unknown) => d.log.warn({ err }, 'relay listener poll failed'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  return {
    poll: tick,
    start(): void {
      timer = setInterval(() => void tick(), d.intervalMs ?? 30_000);
      timer.unref();
      void tick();
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
      for (const mountId of [...open.keys()]) endAll(mountId);
    },
  };
}
