import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import {
  CommandResult,
  LeaderCommand,
  commandHandlers,
  type CommandOutcome,
  type LeaderCommands,
} from './leader-commands.js';
import type { RedisLeadership } from './redis-leadership.js';
import { duplicateRedis } from './redis.js';

/** Commands and replies are a few hundred bytes; anything far larger is not ours. */
const MAX_MESSAGE_BYTES = 4_096;

const Request = z.object({
  id: z.uuid(),
  replyTo: z.string().min(1).max(128),
  command: LeaderCommand,
});
const Reply = z.object({
  id: z.uuid(),
  result: z.union([CommandResult, z.object({ status: z.literal('not_leader') })]),
});
type Reply = z.output<typeof Reply>;

interface RedisLeaderCommandsOptions {
  redis: Redis;
  /** Channel prefix, e.g. `grimnir:` → `grimnir:leader-cmd:<instance>`. */
  prefix: string;
  /** Its `key` names the leader's instance id (the lease value), `id` is this replica's. */
  leadership: Pick<RedisLeadership, 'id' | 'key' | 'isLeader'>;
  log: Pick<FastifyBaseLogger, 'warn' | 'info' | 'debug'>;
  /** How long a sender waits for the leader before answering `accepted`. */
  timeoutMs?: number;
  /** Pause before trying again while no leader is reachable. */
  retryMs?: number;
}

function parse<T>(schema: z.ZodType<T>, text: string): T | undefined {
  if (Buffer.byteLength(text) > MAX_MESSAGE_BYTES) return undefined;
  try {
    const r = schema.safeParse(JSON.parse(text));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Leader commands over Redis pub/sub. The sender reads the leader's instance id from the lease
 * key and publishes to that replica's own channel, so exactly one replica receives the request;
 * it runs it only while it still holds the lease, else answers `not_leader` (nothing done) and
 * the sender looks the leader up again. A request that reached nobody (PUBLISH counted no
 * subscriber: the leader died) is sent again; one that reached the leader but got no answer in
 * time is not (it may have run) and the sender answers `accepted`.
 */
export async function createRedisLeaderCommands(
  o: RedisLeaderCommandsOptions,
): Promise<LeaderCommands> {
  const handlers = commandHandlers(o.log);
  const me = o.leadership.id;
  const cmdChannel = (instance: string) => `${o.prefix}leader-cmd:${instance}`;
  const replyChannel = `${o.prefix}leader-reply:${me}`;
  const timeoutMs = o.timeoutMs ?? 5_000;
  const retryMs = o.retryMs ?? 100;
  const pending = new Map<string, (r: Reply['result']) => void>();
  // A connection in subscriber mode cannot publish, so subscriptions get their own.
  const sub = duplicateRedis(o.redis, o.log, 'leader-commands-subscriber');

  async function serve(text: string): Promise<void> {
    const req = parse(Request, text);
    if (!req) {
      o.log.warn('leader commands: dropped a malformed request');
      return;
    }
    const result = o.leadership.isLeader()
      ? await handlers.run(req.command)
      : ({ status: 'not_leader' } as const);
    const reply: Reply = { id: req.id, result };
    await o.redis.publish(`${o.prefix}leader-reply:${req.replyTo}`, JSON.stringify(reply));
  }

  sub.on('message', (channel: string, text: string) => {
    if (channel === replyChannel) {
      const reply = parse(Reply, text);
      if (reply) pending.get(reply.id)?.(reply.result);
      return;
    }
    serve(text).catch((err: unknown) => o.log.warn({ err }, 'leader commands: reply failed'));
  });
  await sub.subscribe(cmdChannel(me), replyChannel);

  /** One attempt: the result, `retry` when nothing was done, `accepted` when unknown. */
  async function attempt(
    cmd: LeaderCommand,
    leader: string,
    waitMs: number,
  ): Promise<CommandOutcome | 'retry'> {
    const id = randomUUID();
    const answered = new Promise<Reply['result'] | undefined>((resolve) => {
      const t = setTimeout(() => resolve(undefined), waitMs);
      pending.set(id, (r) => {
        clearTimeout(t);
        resolve(r);
      });
    });
    try {
      const request = { id, replyTo: me, command: cmd };
      const receivers = await o.redis.publish(cmdChannel(leader), JSON.stringify(request));
      if (receivers === 0) return 'retry';
      const r = await answered;
      if (r === undefined) return { status: 'accepted' };
      return r.status === 'not_leader' ? 'retry' : r;
    } finally {
      pending.delete(id);
    }
  }

  return {
    async send(cmd) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (o.leadership.isLeader()) return handlers.run(cmd);
        const leader = await o.redis.get(o.leadership.key);
        const left = deadline - Date.now();
        if (leader !== null && leader !== me && left > 0) {
          const r = await attempt(cmd, leader, left);
          if (r !== 'retry') return r;
        }
        const wait = deadline - Date.now();
        if (wait <= 0) return { status: 'accepted' };
        await sleep(Math.min(retryMs, wait));
      }
    },
    handle: (type, handler) => handlers.register(type, handler),
    async close() {
      for (const resolve of pending.values()) resolve({ status: 'not_leader' });
      await sub.quit().catch(() => sub.disconnect());
    },
  };
}
