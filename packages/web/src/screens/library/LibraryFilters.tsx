import { Button, Collapse, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useState } from 'react';
import { FacetSelect } from './FacetSelect';
import { SORT_LABEL, STATE_LABEL, orderLabels } from './library-format';
import {
  ANALYSIS_STATES,
  SORTS,
  defaultOrder,
  type AnalysisState,
  type LibrarySearch,
  type Order,
  type Sort,
} from './library-search';

interface Props {
  stationId: string;
  search: LibrarySearch;
  phone: boolean;
  /** Merges into the URL's search params (undefined removes a key). */
  onChange: (patch: Partial<LibrarySearch>) => void;
}

const FILTER_KEYS = ['artist', 'album', 'genre', 'tag', 'state', 'from', 'to'] as const;

export function LibraryFilters({ stationId, search, phone, onChange }: Props) {
  const [text, setText] = useState(search.q ?? '');
  const commitSearch = useDebouncedCallback((q: string) => {
    onChange({ q: q.trim() === '' ? undefined : q });
  }, 300);
  const [open, setOpen] = useState(false);
  const sort = search.sort ?? 'added';
  const order = search.order ?? defaultOrder(sort);
  const active = FILTER_KEYS.filter((k) => search[k] !== undefined).length;
  const failedView = search.view === 'failed';

  const filters = (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 4, xl: failedView ? 6 : 7 }} spacing="sm">
      <FacetSelect
        stationId={stationId}
        field="artist"
        label="Artist"
        value={search.artist}
        onChange={(artist) => onChange({ artist })}
      />
      <FacetSelect
        stationId={stationId}
        field="album"
        label="Album"
        value={search.album}
        onChange={(album) => onChange({ album })}
      />
      <FacetSelect
        stationId={stationId}
        field="genre"
        label="Genre"
        value={search.genre}
        onChange={(genre) => onChange({ genre })}
      />
      <FacetSelect
        stationId={stationId}
        field="tag"
        label="Tag"
        value={search.tag}
        onChange={(tag) => onChange({ tag })}
      />
      {!failedView && (
        <Select
          label="Analysis"
          placeholder="Any"
          clearable
          data={ANALYSIS_STATES.map((s) => ({ value: s, label: STATE_LABEL[s] }))}
          value={search.state ?? null}
          onChange={(v) => onChange({ state: (v as AnalysisState | null) ?? undefined })}
        />
      )}
      <TextInput
        type="date"
        label="Added from"
        value={search.from ?? ''}
        onChange={(e) => onChange({ from: e.currentTarget.value || undefined })}
      />
      <TextInput
        type="date"
        label="Added to"
        value={search.to ?? ''}
        onChange={(e) => onChange({ to: e.currentTarget.value || undefined })}
      />
    </SimpleGrid>
  );

  return (
    <Stack gap="sm">
      <Group align="flex-end" gap="sm">
        <TextInput
          type="search"
          label="Search"
          placeholder="Title, artist, album or genre"
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            commitSearch(e.currentTarget.value);
          }}
          style={{ flex: '3 1 14rem' }}
        />
        <Select
          label="Sort by"
          data={SORTS.map((s) => ({ value: s, label: SORT_LABEL[s] }))}
          value={sort}
          allowDeselect={false}
          onChange={(v) => v && onChange({ sort: v as Sort, order: undefined })}
          style={{ flex: '1 1 8rem' }}
        />
        <Select
          label="Order"
          data={[
            { value: 'asc', label: orderLabels(sort).asc },
            { value: 'desc', label: orderLabels(sort).desc },
          ]}
          value={order}
          allowDeselect={false}
          onChange={(v) => v && onChange({ order: v as Order })}
          style={{ flex: '1 1 8rem' }}
        />
        {phone && (
          <Button
            variant="default"
            onClick={() => setOpen((o) => !o)}
            aria-expanded={open}
            style={{ flex: '1 1 8rem' }}
          >
            Filters{active > 0 ? ` (${active})` : ''}
          </Button>
        )}
      </Group>
      {phone ? <Collapse in={open}>{filters}</Collapse> : filters}
      {active > 0 && (
        <Group>
          <Button
            variant="subtle"
            onClick={() => onChange(Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined])))}
          >
            Clear filters
          </Button>
        </Group>
      )}
    </Stack>
  );
}
