import { randomUUID } from 'node:crypto';

/**
 * Requests carry X-Request-Id through proxies; otherwise one is minted. It is echoed in every
 * reply and error body so an operator can find the log line.
 */
export function requestIdOf(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && /^[A-Za-z0-9._-]{1,128}$/.test(incoming)
    ? incoming
    : randomUUID();
}
