import type { OutboundFence } from '@grimnir/engine-client';
import { redactUrl } from './webstream-urls.js';

type ProbeResult = { ok: true } | { ok: false; error: string; detail: string };

/** Opens one stream URL; the `probeStreamUrl` a health loop is built with. */
export type Probe = (raw: string, timeoutMs: number) => Promise<ProbeResult>;

/**
 * Opens one stream URL the way the engine does (GET through the outbound fence, credentials as
 * Basic auth to their own origin, every redirect re-checked) and reports whether it answered
 * 2xx within `timeoutMs`. Only the response head is awaited; the body (an endless stream) is
 * dropped at once. A failure to connect reads the same whatever the reason (refused, timed out,
 * fenced), so the health fields cannot map internal ports; `detail` is for the logs.
 */
export function streamProbe(fence: Pick<OutboundFence, 'open'>): Probe {
  return async (raw, timeoutMs) => {
    const shown = redactUrl(raw);
    const r = await fence.open(raw, {
      timeoutMs,
      headers: { 'user-agent': 'GrimnirRadio-webstream-check' },
    });
    if (r.ok) {
      r.res.destroy();
      return { ok: true };
    }
    return { ok: false, error: `${shown}: ${r.error}`, detail: `${shown}: ${r.detail}` };
  };
}

interface WebstreamCheck {
  okUrl: string | null;
  error: string | null;
  /** The real reasons, for the logs only. */
  detail: string | null;
}

const MAX_ERROR_LENGTH = 1000;

/** Tries the URLs in failover order; the first that answers is the one the engine would play. */
export async function checkWebstream(
  urls: readonly string[],
  timeoutMs: number,
  probe: Probe,
): Promise<WebstreamCheck> {
  const errors: string[] = [];
  const details: string[] = [];
  for (const url of urls) {
    const r = await probe(url, timeoutMs);
    const joined = () => (errors.length > 0 ? errors.join('; ') : null);
    if (r.ok) return { okUrl: redactUrl(url), error: joined(), detail: details.join('; ') || null };
    errors.push(r.error);
    details.push(r.detail);
  }
  return {
    okUrl: null,
    error: errors.join('; ').slice(0, MAX_ERROR_LENGTH) || 'no URLs',
    detail: details.join('; ') || null,
  };
}
