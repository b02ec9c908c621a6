import { describe, expect, it } from 'vitest';
import { ChunkedDecoder, dechunked } from './chunked-body.js';

const decodeAll = (parts: string[]) => {
  const d = new ChunkedDecoder();
  const out = parts.flatMap((p) => d.push(Buffer.from(p, 'latin1')));
  return { text: Buffer.concat(out).toString('latin1'), done: d.done };
};

describe('ChunkedDecoder', () => {
  it.each([
    ['one chunk', ['5\r\nhello\r\n0\r\n\r\n'], 'hello', true],
    ['two chunks', ['3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n'], 'abcde', true],
    [
      'split everywhere',
      ['3', '\r', '\nab', 'c\r', '\n2;ext=1\r\nde\r\n', '0\r\nX-T: 1\r\n\r\n'],
      'abcde',
      true,
    ],
    ['upper-case hex', ['A\r\n0123456789\r\n'], '0123456789', false],
    ['bare LF line ends', ['3\nabc\n0\n\n'], 'abc', true],
    ['stream still open', ['4\r\nab', 'cd\r\n'], 'abcd', false],
  ])('%s', (_name, parts, text, done) => {
    expect(decodeAll(parts)).toEqual({ text, done });
  });

  it.each([
    ['a non-hex size', 'zz\r\n'],
    ['data longer than announced', '2\r\nabc\r\n'],
    ['a runaway size line', 'f'.repeat(2000)],
    ['a size beyond 32 bits', '123456789\r\n'],
  ])('throws on %s', (_name, text) => {
    expect(() => new ChunkedDecoder().push(Buffer.from(text, 'latin1'))).toThrow();
  });

  it('de-chunks a stream and stops at the last chunk', async () => {
    const src = ['3\r\nabc\r\n', '0\r\n\r\n', 'ignored after the end'].map((s) => Buffer.from(s));
    const out: Buffer[] = [];
    for await (const c of dechunked(src)) out.push(Buffer.from(c));
    expect(Buffer.concat(out).toString()).toBe('abc');
  });
});
