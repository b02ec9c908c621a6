import { describe, expect, it } from 'vitest';
import { parseLocation } from './api';

describe('parseLocation', () => {
  it.each([
    ['/public/grimnir-demo-fm', { slug: 'grimnir-demo-fm', view: 'page' }],
    ['/public/grimnir-demo-fm/', { slug: 'grimnir-demo-fm', view: 'page' }],
    ['/public/demo/embed', { slug: 'demo', view: 'embed' }],
    ['/public/demo/history', { slug: 'demo', view: 'history' }],
    ['/public/demo/schedule', { slug: 'demo', view: 'schedule' }],
    ['/public/demo/other', undefined],
    ['/public/', undefined],
    ['/stations/x', undefined],
  ])('%s', (path, want) => {
    expect(parseLocation(path)).toEqual(want);
  });
});
