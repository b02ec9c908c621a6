import { describe, expect, it } from 'vitest';
import { AppError, unavailableDependency } from './errors.js';

const err = (fields: Record<string, unknown>) => Object.assign(new Error(), fields);

describe('unavailableDependency', () => {
  it.each([
    ['pg: connection refused', err({ code: 'ECONNREFUSED' }), 'database'],
    ['pg: server shut down', err({ code: '57P01' }), 'database'],
    ['pg: connection exception', err({ code: '08006' }), 'database'],
    ['pg: too many connections', err({ code: '53300' }), 'database'],
    ['pg: lost mid-query', err({ message: 'Connection terminated unexpectedly' }), 'database'],
    ['pg: pool timeout', err({ message: 'timeout exceeded when trying to connect' }), 'database'],
    ['sqlite: cannot open', err({ code: 'SQLITE_CANTOPEN' }), 'database'],
    ['sqlite: I/O error', err({ code: 'SQLITE_IOERR_WRITE' }), 'database'],
    ['sqlite: busy', err({ code: 'SQLITE_BUSY' }), 'database'],
    ['ioredis: retries spent', err({ name: 'MaxRetriesPerRequestError' }), 'redis'],
    ['ioredis: closed', err({ message: 'Connection is closed.' }), 'redis'],
    [
      'happy eyeballs',
      new AggregateError([err({ code: 'ECONNREFUSED' }), err({ code: 'ECONNREFUSED' })]),
      'database',
    ],
    ['wrapped', err({ cause: err({ code: '57P03' }) }), 'database'],
  ])('%s → %s', (_name, e, dep) => {
    expect(unavailableDependency(e)).toBe(dep);
  });

  it.each([
    ['a constraint violation', err({ code: '23505' })],
    ['a SQLite constraint', err({ code: 'SQLITE_CONSTRAINT_UNIQUE' })],
    ['a typed API error', new AppError(409, 'conflict', 'x')],
    ['a plain bug', new TypeError('undefined is not a function')],
    ['not an error', 'text'],
  ])('%s is not an outage', (_name, e) => {
    expect(unavailableDependency(e)).toBeUndefined();
  });
});
