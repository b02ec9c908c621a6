import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { useMediaSearch } from '../queries/station';

const titleOf = (m: { title: string; artist?: string | null }) =>
  m.artist ? `${m.artist} – ${m.title}` : m.title;

/**
 * Picks a library item by searching on the server as the user types. The chosen item is named
 * from the API even when it is not among the current hits (a saved clock slot, say).
 */
export function MediaPicker(props: {
  stationId: string;
  label: string;
  value: string | null;
  onChange: (id: string | null, title: string) => void;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const results = useMediaSearch(props.stationId, q);
  const chosen = useQuery({
    queryKey: ['media', props.value],
    queryFn: () =>
      unwrap(api.GET('/api/v1/media/{id}', { params: { path: { id: props.value ?? '' } } })),
    enabled: props.value !== null,
    staleTime: 60_000,
  }).data;
  const data = (results.data?.items ?? []).map((m) => ({ value: m.id, label: titleOf(m) }));
  if (chosen && !data.some((d) => d.value === chosen.id))
    data.unshift({ value: chosen.id, label: titleOf(chosen) });
  return (
    <Select
      label={props.label}
      placeholder="Search the library"
      searchable
      clearable
      data={data}
      value={props.value}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={results.isFetching ? 'Searching…' : 'No match'}
      onChange={(id) => props.onChange(id, data.find((d) => d.value === id)?.label ?? '')}
    />
  );
}
