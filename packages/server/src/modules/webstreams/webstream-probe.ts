import http from 'node:http';
import https from 'node:https';
import { redactUrl } from './webstream-urls.js';

type ProbeResult = { ok: true } | { ok: false; error: string };

const MAX_REDIRECTS = 3;

/**
 * Opens one stream URL the way the engine would (GET, credentials as Basic auth, redirects
 * followed) and reports whether it answered 2xx within `timeoutMs`. Only the response head is
 * awaited; the body (an endless stream) is dropped at once. node:http rather than fetch: fetch
 * refuses "bad ports" some stream servers use. Errors name the URL redacted.
 */
export async function probeStreamUrl(raw: string, timeoutMs: number): Promise<ProbeResult> {
  const shown = redactUrl(raw);
  const deadline = Date.now() + timeoutMs;
  let url = new URL(raw);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const r = await headOf(url, Math.max(1, deadline - Date.now()));
    if ('error' in r) return { ok: false, error: `${shown}: ${r.error}` };
    if (r.status >= 300 && r.status < 400 && r.location) {
      url = new URL(r.location, url);
      continue;
    }
    if (r.status >= 200 && r.status < 300) return { ok: true };
    return { ok: false, error: `${shown}: HTTP ${r.status}` };
  }
  return { ok: false, error: `${shown}: more than ${MAX_REDIRECTS} redirects` };
}

function headOf(
  url: URL,
  timeoutMs: number,
): Promise<{ status: number; location?: string } | { error: string }> {
  const headers: Record<string, string> = { 'user-agent': 'GrimnirRadio-webstream-check' };
  if (url.username !== '' || url.password !== '') {
    const user = decodeURIComponent(url.username);
    const pass = decodeURIComponent(url.password);
    headers['authorization'] = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  }
  const get = url.protocol === 'https:' ? https.get : http.get;
  return new Promise((resolve) => {
    const req = get(url, { headers, timeout: timeoutMs }, (res) => {
      resolve({
        status: res.statusCode ?? 0,
        ...(res.headers.location && { location: res.headers.location }),
      });
      req.destroy();
    });
    req.on('timeout', () => {
      resolve({ error: `no answer within ${timeoutMs} ms` });
      req.destroy();
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
  });
}

interface WebstreamCheck {
  okUrl: string | null;
  error: string | null;
}

const MAX_ERROR_LENGTH = 1000;

/** Tries the URLs in failover order; the first that answers is the one the engine would play. */
export async function checkWebstream(
  urls: readonly string[],
  timeoutMs: number,
  probe: typeof probeStreamUrl = probeStreamUrl,
): Promise<WebstreamCheck> {
  const errors: string[] = [];
  for (const url of urls) {
    const r = await probe(url, timeoutMs);
    if (r.ok) return { okUrl: redactUrl(url), error: errors.length > 0 ? errors.join('; ') : null };
    errors.push(r.error);
  }
  return { okUrl: null, error: errors.join('; ').slice(0, MAX_ERROR_LENGTH) || 'no URLs' };
}
