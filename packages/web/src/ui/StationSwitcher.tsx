import { Select } from '@mantine/core';
import { useNavigate, useRouterState } from '@tanstack/react-router';
import { useStations } from '../queries/station';
import { useCurrentStationId } from './current-station';

/** Jumps to the same page of another station (or its On Air page from elsewhere). */
export function StationSwitcher() {
  const stations = useStations();
  const current = useCurrentStationId();
  const pathname = useRouterState({ select: (r) => r.location.pathname });
  const navigate = useNavigate();
  const data = (stations.data ?? []).map((s) => ({ value: s.id, label: s.name }));
  if (data.length === 0) return null;
  return (
    <Select
      aria-label="Station"
      placeholder="Choose a station"
      data={data}
      value={data.some((d) => d.value === current) ? current : null}
      allowDeselect={false}
      searchable={data.length > 8}
      w={220}
      onChange={(id) => {
        if (id === null) return;
        const m = /^\/stations\/[^/]+(\/.*)?$/.exec(pathname);
        const rest = m?.[1] ?? '/on-air';
        void navigate({ to: `/stations/${id}${rest}` as '/' });
      }}
    />
  );
}
