import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

// What a clock slot, a show or the fallback can play: the station's smart blocks, playlists
// and webstreams, by name. Shared by the Clocks and Schedule screens; under ['station', id].

export interface SourceOption {
  value: string;
  label: string;
}

export interface ProgrammeSources {
  smart_block: SourceOption[];
  playlist: SourceOption[];
  webstream: SourceOption[];
}

export function useProgrammeSources(stationId: string) {
  return useQuery({
    queryKey: ['station', stationId, 'programme-sources'],
    queryFn: async (): Promise<ProgrammeSources> => {
      const query = { station_id: stationId };
      const [blocks, playlists, webstreams] = await Promise.all([
        unwrap(api.GET('/api/v1/smart-blocks', { params: { query } })),
        unwrap(api.GET('/api/v1/playlists', { params: { query } })),
        unwrap(api.GET('/api/v1/webstreams', { params: { query } })),
      ]);
      const named = (rows: { id: string; name: string }[]) =>
        rows.map((r) => ({ value: r.id, label: r.name }));
      return {
        smart_block: named(blocks),
        playlist: named(playlists),
        webstream: named(webstreams),
      };
    },
    staleTime: 30_000,
  });
}

/** A source's name from the lists, else its type (a source deleted meanwhile, or live). */
export function sourceName(
  sources: ProgrammeSources | undefined,
  type: string,
  id: string | null | undefined,
): string | undefined {
  if (id === null || id === undefined || sources === undefined) return undefined;
  const list = (sources as unknown as Record<string, SourceOption[] | undefined>)[type];
  return list?.find((o) => o.value === id)?.label;
}
