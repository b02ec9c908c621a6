import { describe, expect, it } from 'vitest';
import { outputState } from './state';

describe('outputState', () => {
  it.each([
    ['connected', 'Icecast connected', 'teal.9'],
    ['error', 'Icecast error', 'red.9'],
    ['absent', 'Not running', 'gray.7'],
    ['connecting', 'Icecast connecting', 'yellow.4'],
    ['disconnected', 'Icecast disconnected', 'orange.4'],
    [null, 'Engine not answering', 'gray.7'],
  ])('%s reads as %s', (state, label, color) => {
    expect(outputState(state)).toEqual({ label, color });
  });
});
