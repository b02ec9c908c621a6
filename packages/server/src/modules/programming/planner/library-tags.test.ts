import { describe, expect, it } from 'vitest';
import { parseTags } from './library.repository.js';

describe('parseTags', () => {
  it.each<[string, string[]]>([
    ['[]', []],
    ['["hit"]', ['hit']],
    ['["jingle","id"]', ['jingle', 'id']],
    ['[ ]', []],
    ['["a",1]', []],
    ['{"a":1}', []],
    ['"hit"', []],
    ['null', []],
    ['not json', []],
    ['', []],
  ])('%s', (text, tags) => {
    expect(parseTags(text)).toEqual(tags);
  });
});
