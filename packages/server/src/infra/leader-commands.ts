import { z } from 'zod';

const StationId = z.string().min(1).max(64);

/**
 * Work only the leader can do (it runs the director and the scheduler). A replica that is not
 * the leader sends these to it (redis-leader-commands.ts) instead of waiting for its next round.
 */
export const LeaderCommand = z.discriminatedUnion('type', [
  /** Run the station's priority ladder now: emergency insert/release, live claim/release. */
  z.object({ type: z.literal('priority.apply'), stationId: StationId }),
  z.object({ type: z.literal('playout.skip'), stationId: StationId }),
  /** The play-next queue changed: rebuild the engine queue. */
  z.object({ type: z.literal('playout.queue_changed'), stationId: StationId }),
  /** Take the station off air now (the operator's stop). */
  z.object({ type: z.literal('playout.stop'), stationId: StationId }),
  /** Pick up stations started, stopped, created or deleted. */
  z.object({ type: z.literal('director.reconcile') }),
  /** Re-materialise the station's schedule (handled by the scheduler, wired by the root). */
  z.object({ type: z.literal('schedule.refresh'), stationId: StationId }),
]);
export type LeaderCommand = z.output<typeof LeaderCommand>;
export type LeaderCommandType = LeaderCommand['type'];

/** What the leader did. */
export const CommandResult = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('done'),
    /** A small summary of what was done (e.g. a schedule refresh's counts). */
    data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  }),
  /** The leader runs nothing for this target (no director for the station, no handler). */
  z.object({ status: z.literal('not_running') }),
  z.object({
    status: z.literal('failed'),
    code: z.string().max(64),
    message: z.string().max(500),
  }),
]);
export type CommandResult = z.output<typeof CommandResult>;

/**
 * The sender's answer: the leader's result, or `accepted` when no leader answered in time (no
 * replica holds the lease, or the leader went silent mid-command). The HTTP layer turns
 * `accepted` into 202 "accepted, the leader will apply it": the decision is stored, and the
 * leader's next round applies it.
 */
export type CommandOutcome = CommandResult | { status: 'accepted' };

export type CommandHandler<T extends LeaderCommandType = LeaderCommandType> = (
  cmd: Extract<LeaderCommand, { type: T }>,
) => Promise<CommandResult>;

export interface LeaderCommands {
  /** Runs `cmd` on the leader — here, when this replica leads — and says what happened. */
  send(cmd: LeaderCommand): Promise<CommandOutcome>;
  /** The leader's side. Every replica registers; only the one leading runs a handler. */
  handle<T extends LeaderCommandType>(type: T, handler: CommandHandler<T>): () => void;
  close(): Promise<void>;
}

/** The handlers of one replica, with their failures turned into results. */
export function commandHandlers(log: { warn(o: object, msg: string): void }) {
  const handlers = new Map<LeaderCommandType, CommandHandler>();
  return {
    register<T extends LeaderCommandType>(type: T, handler: CommandHandler<T>): () => void {
      // The map is keyed by type, so a handler only ever sees commands of its own type.
      const h = ((cmd: LeaderCommand) =>
        handler(cmd as Extract<LeaderCommand, { type: T }>)) as CommandHandler;
      handlers.set(type, h);
      return () => {
        if (handlers.get(type) === h) handlers.delete(type);
      };
    },
    async run(cmd: LeaderCommand): Promise<CommandResult> {
      const h = handlers.get(cmd.type);
      if (!h) return { status: 'not_running' };
      try {
        return await h(cmd);
      } catch (err) {
        log.warn({ err, command: cmd.type }, 'leader command failed');
        return {
          status: 'failed',
          code: 'command_failed',
          message: 'the leader could not apply it',
        };
      }
    },
  };
}

/** One replica is the leader: commands run on the spot. */
export function inProcessLeaderCommands(log: {
  warn(o: object, msg: string): void;
}): LeaderCommands {
  const handlers = commandHandlers(log);
  return {
    send: (cmd) => handlers.run(cmd),
    handle: (type, handler) => handlers.register(type, handler),
    close: () => Promise.resolve(),
  };
}
