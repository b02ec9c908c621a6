import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

// The operators' console is packages/web's static build. From src/plugins or dist/plugins the
// package root is two levels up, so the same path works from sources (tests) and the build.
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/** Paths that belong to the API and the audio side: never answered with the console's page. */
const NOT_THE_CONSOLE =
  /^\/(api|stream|live|public|healthz|metrics|admin|status-json\.xsl)(\/|$|\?|\.)/;

// What the console loads: its own scripts and styles (Mantine sets inline style attributes and
// one <style> element, hence 'unsafe-inline' for styles only), API calls and the events
// WebSocket on the same origin, artwork and waveforms as blobs, the stream preview as media.
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function cacheFor(path: string): string {
  // Vite names every file under assets/ by its content hash: a new build is a new name.
  if (path.startsWith('/assets/')) return 'public, max-age=31536000, immutable';
  // index.html names the current hashes: always revalidate, so a deploy shows up at once.
  if (path === '/' || path.endsWith('.html')) return 'no-cache';
  return 'public, max-age=3600';
}

/**
 * Serves the console at `/` with a fallback to index.html for client routes (/stations/…),
 * leaving the API, streams, live sources, public pages and probes to their own routes and
 * 404s. Without a build (a development checkout before `npm run build`) nothing is registered.
 */
export async function registerWebConsole(app: FastifyInstance, root = WEB_DIST): Promise<boolean> {
  if (!existsSync(`${root}index.html`)) {
    app.log.warn({ root }, 'web console not built (npm run build): / is not served');
    return false;
  }
  // Only reply.sendFile; files are matched by the catch-all below. preCompressed serves the
  // .br/.gz files the build writes next to each asset.
  await app.register(fastifyStatic, {
    root,
    serve: false,
    preCompressed: true,
    cacheControl: false,
    etag: true,
    lastModified: true,
  });
  const send = (reply: FastifyReply, file: string, path: string) =>
    reply
      .header('cache-control', cacheFor(path))
      .header('content-security-policy', CONSOLE_CSP)
      .sendFile(file);
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (NOT_THE_CONSOLE.test(path)) return reply.callNotFound();
    const file = decodeURIComponent(path).replace(/^\/+/, '');
    // A file of the build (assets, favicon), else a client route: the app shell.
    if (file !== '' && !file.includes('..') && existsSync(`${root}${file}`))
      return send(reply, file, path);
    // A missing hashed asset is an old tab after a deploy: a 404, not the HTML page.
    if (path.startsWith('/assets/')) return reply.callNotFound();
    return send(reply, 'index.html', '/');
  });
  return true;
}
