import type { AzuraNowPlaying, IcecastSource } from '@grimnir/contracts';
import { CONTENT_TYPES } from '../listeners/index.js';

/** Icecast's own date spelling ("Sun, 06 Dec 2026 12:00:00 +0000"), which its clients parse. */
function icecastDate(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

/**
 * `/status-json.xsl` as Icecast 2.4 writes it, for the players, directories and monitoring
 * scripts that read Icecast's status: one source per public mount. Icecast's quirk is kept:
 * `source` is an object when there is one mount and an array when there are several.
 */
export function icecastStatus(p: {
  host: string;
  startedAt: number;
  counts: Record<string, number>;
  peak: (mount: string) => number;
  stations: AzuraNowPlaying[];
}) {
  const sources: IcecastSource[] = p.stations.flatMap((doc) =>
    doc.station.mounts.map((m) => ({
      audio_info: `bitrate=${m.bitrate ?? 0}`,
      bitrate: m.bitrate ?? 0,
      genre: '',
      listener_peak: Math.max(p.peak(m.name), p.counts[m.name] ?? 0),
      listeners: p.counts[m.name] ?? 0,
      listenurl: m.url,
      server_description: doc.station.description,
      server_name: doc.station.name,
      server_type:
        (CONTENT_TYPES as Record<string, string>)[m.format ?? ''] ?? 'application/octet-stream',
      server_url: doc.station.public_player_url,
      stream_start: null,
      stream_start_iso8601: null,
      title: doc.is_online ? (doc.now_playing?.song.text ?? '') : '',
    })),
  );
  return {
    icestats: {
      admin: '',
      host: p.host,
      location: '',
      server_id: 'Grimnir Radio',
      server_start: icecastDate(p.startedAt),
      server_start_iso8601: new Date(p.startedAt).toISOString(),
      ...(sources.length === 1
        ? { source: sources[0] }
        : sources.length > 1 && { source: sources }),
    },
  };
}
