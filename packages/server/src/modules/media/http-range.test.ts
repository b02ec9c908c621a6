import { describe, expect, it } from 'vitest';
import { contentRange, parseRange, type RangeDecision } from './http-range.js';

const partial = (start: number, end: number): RangeDecision => ({ kind: 'partial', start, end });
const FULL: RangeDecision = { kind: 'full' };
const UNSAT: RangeDecision = { kind: 'unsatisfiable' };

describe('parseRange (file of 1000 bytes)', () => {
  const cases: [string | undefined, RangeDecision][] = [
    [undefined, FULL],
    ['bytes=0-499', partial(0, 499)],
    ['bytes=500-999', partial(500, 999)],
    ['bytes=500-', partial(500, 999)],
    ['bytes=0-0', partial(0, 0)],
    ['bytes=999-999', partial(999, 999)],
    ['bytes=900-5000', partial(900, 999)],
    ['bytes=-100', partial(900, 999)],
    ['bytes=-5000', partial(0, 999)],
    ['BYTES = 10 - 19', partial(10, 19)],
    ['bytes=1000-', UNSAT],
    ['bytes=1000-2000', UNSAT],
    ['bytes=99999999999999999999-', UNSAT],
    ['bytes=-0', UNSAT],
    ['bytes=500-400', FULL],
    ['bytes=0-1,5-9', FULL],
    ['bytes=-', FULL],
    ['items=0-10', FULL],
    ['bytes=abc-def', FULL],
    ['', FULL],
  ];
  it.each(cases)('%j', (header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected);
  });

  it('cannot satisfy any range of an empty file', () => {
    expect(parseRange('bytes=0-', 0)).toEqual(UNSAT);
    expect(parseRange('bytes=-10', 0)).toEqual(UNSAT);
  });

  it('formats Content-Range', () => {
    expect(contentRange(0, 499, 1000)).toBe('bytes 0-499/1000');
  });
});
