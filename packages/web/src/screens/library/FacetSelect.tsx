import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useFacet } from './queries';

/**
 * A filter picker whose choices come from the library itself (`/api/v1/media/facets`): the
 * most common values, narrowed on the server by what the user types.
 */
export function FacetSelect(props: {
  stationId: string;
  field: 'artist' | 'album' | 'genre' | 'tag';
  label: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
}) {
  const [search, setSearch] = useState('');
  const [prefix] = useDebouncedValue(search.trim(), 250);
  // Typing the chosen value back into the box must not narrow the choices to it alone.
  const facet = useFacet(props.stationId, props.field, prefix === props.value ? '' : prefix);
  const values = facet.data?.values ?? [];
  const data = values.map((v) => ({ value: v.value, label: `${v.value} (${v.count})` }));
  if (props.value !== undefined && !values.some((v) => v.value === props.value))
    data.unshift({ value: props.value, label: props.value });
  return (
    <Select
      label={props.label}
      placeholder="Any"
      searchable
      clearable
      data={data}
      value={props.value ?? null}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={facet.isFetching ? 'Searching…' : 'No match'}
      onChange={(v) => props.onChange(v ?? undefined)}
    />
  );
}
