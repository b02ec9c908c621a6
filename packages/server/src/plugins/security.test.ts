import { describe, expect, it } from 'vitest';
import { helmetHeaders } from './security.js';

describe('helmetHeaders', () => {
  it("is helmet's policy as one set of headers", () => {
    const h = helmetHeaders({
      contentSecurityPolicy: false,
      crossOriginResourcePolicy: { policy: 'same-site' },
    });
    expect(h).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'cross-origin-resource-policy': 'same-site',
      'strict-transport-security': expect.stringContaining('max-age='),
    });
    expect(h).not.toHaveProperty('content-security-policy');
  });

  it('refuses a CSP, which may need a nonce per request', () => {
    expect(() => helmetHeaders({})).toThrow(/per route/);
  });
});
