/** A one-line summary of an audit entry's details: scalar fields only, in their stored order. */
export function detailsSummary(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(
      (e): e is [string, string | number | boolean] =>
        typeof e[1] === 'string' || typeof e[1] === 'number' || typeof e[1] === 'boolean',
    )
    .map(([k, v]) => `${k.replace(/_/g, ' ')}: ${String(v)}`)
    .join(', ');
}

/** Who did it: the user name, or why there is none. */
export function actorName(e: { username: string | null; user_id: string | null }): string {
  if (e.username !== null) return e.username;
  return e.user_id === null ? 'system' : 'deleted user';
}
