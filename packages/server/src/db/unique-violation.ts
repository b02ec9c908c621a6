/**
 * True for a unique-constraint violation on either database: PostgreSQL's 23505, SQLite's
 * UNIQUE or PRIMARY KEY constraint (by code, or by message where a driver drops the code).
 */
export function isUniqueViolation(err: unknown): boolean {
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    code?: unknown;
    message?: unknown;
  };
  return (
    e.code === '23505' ||
    e.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    (typeof e.message === 'string' && e.message.includes('UNIQUE constraint failed'))
  );
}
