// Webstream URLs in the form: credentials are typed in fields of their own and never shown
// back. The API answers a URL with credentials as `http://***@host/…`; sending that back keeps
// the stored ones (contracts webstreams.ts), which is what a row that was not touched does.

const HIDDEN = '***';

export interface UrlRow {
  key: string;
  /** The URL without credentials. */
  url: string;
  user: string;
  password: string;
  /** Stored credentials exist (hidden); kept unless new ones are typed or they are removed. */
  stored: boolean;
}

let keys = 0;
const key = () => `u${++keys}`;

export function emptyRow(): UrlRow {
  return { key: key(), url: '', user: '', password: '', stored: false };
}

/** A URL as the API shows it → a form row (the hidden credentials stay on the server). */
export function rowFromUrl(shown: string): UrlRow {
  let u: URL;
  try {
    u = new URL(shown);
  } catch {
    return { ...emptyRow(), url: shown };
  }
  const stored = u.username === HIDDEN;
  u.username = '';
  u.password = '';
  return { key: key(), url: u.href, user: '', password: '', stored };
}

/** The URL to send: typed credentials, else the hidden marker for stored ones, else none. */
export function urlFromRow(row: UrlRow): { ok: true; url: string } | { ok: false; error: string } {
  let u: URL;
  try {
    u = new URL(row.url.trim());
  } catch {
    return { ok: false, error: 'Enter a full URL, e.g. https://relay.example/live' };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    return { ok: false, error: 'Only http and https URLs can be relayed.' };
  if (row.user !== '' || row.password !== '') {
    u.username = encodeURIComponent(row.user);
    u.password = encodeURIComponent(row.password);
  } else if (row.stored && u.username === '' && u.password === '') {
    u.username = HIDDEN;
  }
  return { ok: true, url: u.href };
}

export type UrlHealth =
  | { state: 'ok' }
  | { state: 'failed'; error: string }
  | { state: 'not_reached' }
  | { state: 'never' };

/**
 * Each URL's health from the last check: the stored fields name the URL that answered and
 * the errors of those that failed (`<url>: <why>; …`). URLs after the one that answered were
 * not tried (failover stops there).
 */
export function urlHealth(w: {
  urls: readonly string[];
  last_checked_at: string | null;
  last_ok_url: string | null;
  last_error: string | null;
}): UrlHealth[] {
  if (w.last_checked_at === null) return w.urls.map(() => ({ state: 'never' }));
  const errors = (w.last_error ?? '').split('; ');
  return w.urls.map((url) => {
    if (url === w.last_ok_url) return { state: 'ok' };
    const hit = errors.find((e) => e.startsWith(`${url}: `));
    if (hit !== undefined) return { state: 'failed', error: hit.slice(url.length + 2) };
    return { state: 'not_reached' };
  });
}
