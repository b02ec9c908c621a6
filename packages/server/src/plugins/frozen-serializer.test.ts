import { describe, expect, it } from 'vitest';
import { deepFreeze, memoizeFrozen } from './frozen-serializer.js';

function counting() {
  let calls = 0;
  const compile = memoizeFrozen<unknown>(() => (data) => {
    calls += 1;
    return JSON.stringify(data);
  });
  const serialize = compile({ schema: {}, method: 'GET', url: '/x', httpStatus: '200' });
  return { serialize, calls: () => calls };
}

describe('memoizeFrozen', () => {
  it('serializes a deeply frozen value once, anything else on every reply', () => {
    const s = counting();
    const frozen = deepFreeze([{ id: 'a', name: 'A' }]);
    expect(s.serialize(frozen)).toBe('[{"id":"a","name":"A"}]');
    expect(s.serialize(frozen)).toBe('[{"id":"a","name":"A"}]');
    expect(s.calls()).toBe(1);
    const open = [{ id: 'a', name: 'A' }];
    s.serialize(open);
    open[0]!.name = 'B';
    expect(s.serialize(open)).toBe('[{"id":"a","name":"B"}]');
    expect(s.calls()).toBe(3);
    expect(s.serialize(null)).toBe('null');
  });

  it('deepFreeze leaves nothing under the value writable', () => {
    const rows = deepFreeze([{ id: 'a', tags: ['x'] }]);
    expect(() => {
      (rows[0] as { id: string }).id = 'b';
    }).toThrow(TypeError);
    expect(() => rows[0]!.tags.push('y')).toThrow(TypeError);
    expect(() => (rows as unknown[]).push({})).toThrow(TypeError);
  });
});
