import { connectivityState, type Channel } from '@grpc/grpc-js';
import type { FastifyBaseLogger } from 'fastify';

/**
 * Logs the media engine connection at info when it comes up (first connect and every reconnect)
 * and at warn when it drops, so `logs grimnir | grep 'media engine'` answers the guide's
 * "Media Engine Crashes" questions without debug logging. One line per change of state.
 */
export function logEngineConnections(
  channel: Channel,
  address: string,
  log: Pick<FastifyBaseLogger, 'info' | 'warn'>,
): void {
  let last = channel.getConnectivityState(false);
  let connections = 0;
  const onChange = (): void => {
    const now = channel.getConnectivityState(false);
    if (now === connectivityState.SHUTDOWN) return;
    if (now === connectivityState.READY && last !== connectivityState.READY) {
      connections += 1;
      log.info(
        { engine: address, connections },
        connections === 1 ? 'media engine connected' : 'media engine reconnected',
      );
    } else if (last === connectivityState.READY && now !== connectivityState.READY) {
      log.warn({ engine: address, state: connectivityState[now] }, 'media engine connection lost');
    }
    last = now;
    channel.watchConnectivityState(now, Infinity, onChange);
  };
  channel.watchConnectivityState(last, Infinity, onChange);
}
