// Player families by User-Agent, first match wins: specific players before the browsers and
// libraries they embed (VLC says "LibVLC", Edge says "Chrome" too, Chrome says "Safari").
const FAMILIES: readonly [RegExp, string][] = [
  [/VLC|LibVLC/i, 'VLC'],
  [/foobar2000/i, 'foobar2000'],
  [/Winamp/i, 'Winamp'],
  [/iTunes|AppleCoreMedia|Music\/\d/i, 'Apple'],
  [/\bmpv\b/i, 'mpv'],
  [/MPlayer/i, 'MPlayer'],
  [/Lavf|ffmpeg|ffplay/i, 'FFmpeg'],
  [/ExoPlayer|stagefright|Dalvik/i, 'Android'],
  [/Sonos/i, 'Sonos'],
  [/TuneIn/i, 'TuneIn'],
  [/Icecast|Shoutcast|Liquidsoap/i, 'Relay server'],
  [/curl|Wget|python-requests|Go-http-client|node-fetch|undici/i, 'Script'],
  [/Edg\//, 'Edge'],
  [/Firefox\//, 'Firefox'],
  [/Chrom(e|ium)\//, 'Chrome'],
  [/Safari\//, 'Safari'],
  [/Mozilla\//, 'Other browser'],
];

/** The player family a listener used; relay listeners (no agent known) are their own row. */
export function clientFamily(kind: string, userAgent: string | null): string {
  if (kind === 'relay') return 'Icecast relay';
  if (userAgent === null || userAgent === '') return 'Unknown';
  for (const [re, name] of FAMILIES) if (re.test(userAgent)) return name;
  return 'Other';
}
