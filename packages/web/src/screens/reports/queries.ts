import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

export interface Range {
  from: string;
  to: string;
}

// Under ['station', id, 'reports']: reports change only as time passes, not with events.
const options = { staleTime: 60_000, placeholderData: keepPreviousData } as const;

export function useListenerReport(stationId: string, r: Range | undefined) {
  return useQuery({
    queryKey: ['station', stationId, 'reports', 'listeners', r],
    enabled: r !== undefined,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/reports/listeners', {
          params: { query: { station_id: stationId, ...(r as Range), format: 'json' } },
        }),
      ),
    ...options,
  });
}

export type Dimension = 'mount' | 'client' | 'country';

export function useBreakdown(stationId: string, r: Range | undefined, by: Dimension) {
  return useQuery({
    queryKey: ['station', stationId, 'reports', 'breakdown', by, r],
    enabled: r !== undefined,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/reports/breakdown', {
          params: { query: { station_id: stationId, ...(r as Range), by, format: 'json' } },
        }),
      ),
    ...options,
  });
}

export function useRoyalties(stationId: string, r: Range | undefined) {
  return useQuery({
    queryKey: ['station', stationId, 'reports', 'royalties', r],
    enabled: r !== undefined,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/reports/royalties', {
          params: {
            query: { station_id: stationId, ...(r as Range), format: 'json', category: 'A' },
          },
        }),
      ),
    ...options,
  });
}

export type Download =
  | { report: 'listeners' | 'plays'; format: 'csv' }
  | { report: 'breakdown'; by: Dimension; format: 'csv' }
  | { report: 'royalties'; format: 'csv' | 'soundexchange' };

/**
 * Fetches a report file with the session's token (a plain link would carry none) and hands it
 * to the browser as a download under the name the server chose.
 */
export async function download(stationId: string, r: Range, d: Download): Promise<void> {
  const query = { station_id: stationId, ...r, ...d };
  const res = await fetchFile(d.report, query);
  const name =
    /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ??
    `${d.report}.csv`;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function fetchFile(report: Download['report'], query: Record<string, string>) {
  const path = `/api/v1/reports/${report}` as const;
  // One path type stands for the four: they take the same range and answer a file when asked.
  const { error, response } = await api.GET(path as '/api/v1/reports/listeners', {
    params: { query: query as never },
    parseAs: 'stream',
  });
  if (!response.ok) await unwrap(Promise.resolve({ error, response }));
  return response;
}
