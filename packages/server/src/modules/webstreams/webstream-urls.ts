// URLs with credentials (http://user:secret@host/) are stored as given, because the engine needs
// them to connect, but never shown: API responses, health fields and logs get the userinfo
// replaced by `***`. A client that sends such a redacted URL back (GET, edit, PATCH) keeps the
// stored credentials of the URL it stands for.

const HIDDEN = '***';

function hasCredentials(url: string): boolean {
  const u = new URL(url);
  return u.username !== '' || u.password !== '';
}

export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return HIDDEN;
  }
  if (u.username === '' && u.password === '') return u.href;
  u.username = HIDDEN;
  u.password = '';
  return u.href;
}

function isRedacted(url: string): boolean {
  const u = new URL(url);
  return u.username === HIDDEN && u.password === '';
}

type RestoreResult = { ok: true; urls: string[] } | { ok: false; unknown: string[] };

/**
 * Puts stored credentials back into URLs the client received redacted. A redacted URL that
 * matches no stored one cannot be completed (its secret is unknown here) and is reported.
 */
export function restoreCredentials(
  incoming: readonly string[],
  stored: readonly string[],
): RestoreResult {
  const byRedacted = new Map(stored.filter(hasCredentials).map((s) => [redactUrl(s), s]));
  const unknown: string[] = [];
  const urls = incoming.map((url) => {
    if (!isRedacted(url)) return url;
    const original = byRedacted.get(url);
    if (original === undefined) unknown.push(url);
    return original ?? url;
  });
  return unknown.length > 0 ? { ok: false, unknown } : { ok: true, urls };
}
