import { describe, expect, it } from 'vitest';
import { analysisErrorText } from './analysis-error.js';

describe('analysisErrorText', () => {
  it.each([
    [
      '13 INTERNAL: analysis failed for /var/lib/grimnir/media/s1/ab.mp3: Could not determine type of stream.',
      '/var/lib/grimnir/media/s1/ab.mp3',
      'analysis failed for the file: Could not determine type of stream.',
    ],
    [
      '2 UNKNOWN: decoder error in /tmp/grimnir-x/tmp/ab.part.mp3',
      '/elsewhere/ab.mp3',
      'decoder error in ab.part.mp3',
    ],
    ['no path here', '/m/a.mp3', 'no path here'],
    ['13 INTERNAL: ', '/m/a.mp3', 'analysis failed'],
  ])('%s', (message, path, want) => {
    expect(analysisErrorText(message, path)).toBe(want);
  });
});
