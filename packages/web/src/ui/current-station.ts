import { useParams } from '@tanstack/react-router';

const KEY = 'grimnir.station';

/** The station in the URL, else the last one visited (so "On Air" in the menu has a target). */
export function useCurrentStationId(): string | undefined {
  const params = useParams({ strict: false });
  const fromUrl = params.stationId;
  if (fromUrl !== undefined) {
    if (localStorage.getItem(KEY) !== fromUrl) localStorage.setItem(KEY, fromUrl);
    return fromUrl;
  }
  return localStorage.getItem(KEY) ?? undefined;
}
