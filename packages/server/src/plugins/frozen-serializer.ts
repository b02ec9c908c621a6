import type { FastifySerializerCompiler } from 'fastify';

/**
 * Response bodies that are deeply frozen (the station catalogue: the same rows are answered to
 * every admin until a station changes) are serialized once per route and value: the string is
 * kept beside the value (weakly, so it goes when the value does). Frozen values cannot change,
 * so the kept string cannot go stale; anything not frozen is serialized on every reply.
 */
export function memoizeFrozen<S>(
  compiler: FastifySerializerCompiler<S>,
): FastifySerializerCompiler<S> {
  return (route) => {
    const serialize = compiler(route);
    const memo = new WeakMap<object, string>();
    return (data: unknown) => {
      if (data === null || typeof data !== 'object' || !Object.isFrozen(data))
        return serialize(data);
      let text = memo.get(data);
      if (text === undefined) {
        text = serialize(data);
        memo.set(data, text);
      }
      return text;
    };
  };
}

/** A value and everything under it made read-only, so `memoizeFrozen` may keep its text. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
