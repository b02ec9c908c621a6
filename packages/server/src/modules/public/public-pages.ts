import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ErrorResponse } from '@grimnir/contracts';
import { zodApp } from '../../plugins/route-helpers.js';
import { CONSOLE_CSP, WEB_DIST } from '../../plugins/web-console.js';

const Params = z.object({ slug: z.string().min(1).max(100) });

// The widgets are made to be framed by other sites: only their frame policy is relaxed; the
// station page itself, like the console, cannot be framed (clickjacking).
const framable = (csp: string) => csp.replace("frame-ancestors 'none'", 'frame-ancestors *');

/**
 * `/public/{slug}`: the station's page for listeners, and its widgets `/embed` (player and now
 * playing), `/history` and `/schedule`, all one static page of the web build that reads the public API.
 * Only public, active stations have pages; others are a 404 like any unknown name.
 */
export function registerPublicPages(
  app: FastifyInstance,
  find: (slug: string) => Promise<unknown>,
  root = WEB_DIST,
): void {
  if (!existsSync(`${root}public.html`)) return;
  const r = zodApp(app);
  for (const [suffix, csp] of [
    ['', CONSOLE_CSP],
    ['/embed', framable(CONSOLE_CSP)],
    ['/history', framable(CONSOLE_CSP)],
    ['/schedule', framable(CONSOLE_CSP)],
  ] as const)
    r.get(`/public/:slug${suffix}`, {
      schema: {
        tags: ['public'],
        summary: `The public station page${suffix ? ` widget (${suffix.slice(1)}, framable)` : ''}`,
        params: Params,
        response: { 404: ErrorResponse },
      },
      handler: async (request, reply) => {
        await find(request.params.slug);
        if (suffix !== '') reply.raw.removeHeader('x-frame-options');
        return reply
          .header('cache-control', 'no-cache')
          .header('content-security-policy', csp)
          .sendFile('public.html', root);
      },
    });
}
