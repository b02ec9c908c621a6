/** `.m3u` and `.pls` files that point a player at a stream URL (pure text builders). */
type PlaylistKind = 'm3u' | 'pls';

const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').trim();

export function playlistText(kind: PlaylistKind, streamUrl: string, title: string): string {
  const t = oneLine(title);
  if (kind === 'm3u') return `#EXTM3U\n#EXTINF:-1,${t}\n${streamUrl}\n`;
  return [
    '[playlist]',
    'NumberOfEntries=1',
    `File1=${streamUrl}`,
    `Title1=${t}`,
    'Length1=-1',
    'Version=2',
    '',
  ].join('\n');
}

export const playlistContentType: Record<PlaylistKind, string> = {
  m3u: 'audio/x-mpegurl',
  pls: 'audio/x-scpls',
};

/** `name.m3u` → { base: 'name', kind: 'm3u' }; anything else → undefined. */
export function splitPlaylistSuffix(
  segment: string,
): { base: string; kind: PlaylistKind } | undefined {
  const m = /^(.+)\.(m3u|pls)$/.exec(segment);
  if (!m) return undefined;
  return { base: m[1]!, kind: m[2] as PlaylistKind };
}
