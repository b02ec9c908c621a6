import createClient from 'openapi-fetch';
import type { paths } from '../api/schema';

/** The listeners' side: no credentials, never the console's session. */
const api = createClient<paths>({ baseUrl: '' });

export type NowPlayingDoc =
  paths['/api/nowplaying/{station}']['get']['responses'][200]['content']['application/json'];

export async function fetchNowPlaying(slug: string): Promise<NowPlayingDoc> {
  const { data, error, response } = await api.GET('/api/nowplaying/{station}', {
    params: { path: { station: slug } },
  });
  if (data) return data;
  throw new Error(
    response.status === 404
      ? 'This station does not exist or is not public.'
      : ((error as { message?: string } | undefined)?.message ?? `HTTP ${response.status}`),
  );
}

/** Live updates by Server-Sent Events; the browser reconnects by itself after a drop. */
export function followNowPlaying(slug: string, on: (doc: NowPlayingDoc) => void): () => void {
  const es = new EventSource(`/api/v1/public/events?station=${encodeURIComponent(slug)}`);
  es.addEventListener('nowplaying', (e) =>
    on(JSON.parse((e as MessageEvent<string>).data) as NowPlayingDoc),
  );
  return () => es.close();
}

export type View = 'page' | 'embed' | 'history' | 'schedule';

/** `/public/{slug}` and its widgets `/embed`, `/history` and `/schedule`. */
export function parseLocation(pathname: string): { slug: string; view: View } | undefined {
  const m = /^\/public\/([a-z0-9][a-z0-9-]{0,99})(?:\/(embed|history|schedule))?\/?$/.exec(
    pathname,
  );
  if (!m?.[1]) return undefined;
  return { slug: m[1], view: (m[2] as View | undefined) ?? 'page' };
}
