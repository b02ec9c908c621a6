import { Button, Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { getRouteApi } from '@tanstack/react-router';
import { useCallback, useMemo, useState } from 'react';
import { useStationRole, useStations } from '../../queries/station';
import { roleAtLeast } from '../../session/roles';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { BulkEditModal } from './BulkEditModal';
import { DuplicatesView } from './DuplicatesView';
import { EditDrawer } from './EditDrawer';
import { LibraryFilters } from './LibraryFilters';
import { LibraryList } from './LibraryList';
import {
  hasFilters,
  toListQuery,
  type LibrarySearch,
  type LibraryView,
  type Sort,
} from './library-search';
import { useLibraryList } from './queries';
import { EMPTY_SELECTION, clickRow, toggleAll, type Selection } from './selection';
import { ImportPanel } from './import/ImportPanel';
import { UploadPanel } from './upload/UploadPanel';

const route = getRouteApi('/app/stations/$stationId/library');
// Below this width the nine columns do not fit beside the navigation: two-line rows instead.
const COMPACT = '(max-width: 74em)';

const VIEWS: { value: LibraryView; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'duplicates', label: 'Duplicates' },
  { value: 'failed', label: 'Failed analysis' },
];

export function LibraryPage() {
  const { stationId } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const station = useStations().data?.find((s) => s.id === stationId);
  const role = useStationRole(stationId);
  const canEdit = roleAtLeast(role, 'dj');
  const phone = useMediaQuery(COMPACT) ?? false;
  const view = search.view ?? 'all';

  const setSearch = useCallback(
    (patch: Partial<LibrarySearch>) =>
      void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true }),
    [navigate],
  );
  const query = useMemo(() => toListQuery(search), [search]);
  const list = useLibraryList(stationId, query, view !== 'duplicates');
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const ids = useMemo(() => items.map((m) => m.id), [items]);

  // A new query is a new list: a selection of rows no longer shown would be edited unseen.
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const queryKey = JSON.stringify([stationId, query]);
  const [selectionFor, setSelectionFor] = useState(queryKey);
  if (selectionFor !== queryKey) {
    setSelectionFor(queryKey);
    setSelection(EMPTY_SELECTION);
  }
  const [bulkOpen, setBulkOpen] = useState(false);
  const [bulkDone, setBulkDone] = useState<string>();

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  const onToggle = useCallback(
    (i: number, shift: boolean) => setSelection((s) => clickRow(s, ids, i, shift)),
    [ids],
  );
  const open = useCallback((id: string) => setSearch({ item: id }), [setSearch]);
  const sort = query.sort;
  // A column header sorts by it (in its natural order); pressed again, it flips the order.
  const onSort = (s: Sort) =>
    setSearch(
      s === sort
        ? { order: query.order === 'asc' ? 'desc' : 'asc' }
        : { sort: s, order: undefined },
    );
  const selected = [...selection.ids];

  return (
    <Stack pb={selection.ids.size > 0 ? 80 : undefined}>
      <Title order={1}>Library{station ? ` · ${station.name}` : ''}</Title>
      <UploadPanel stationId={stationId} />
      {canEdit && <ImportPanel stationId={stationId} />}
      <SegmentedControl
        aria-label="View"
        data={VIEWS}
        value={view}
        onChange={(v) => setSearch({ view: v === 'all' ? undefined : (v as LibraryView) })}
        fullWidth={phone}
        style={{ alignSelf: phone ? 'stretch' : 'flex-start' }}
      />
      {view === 'duplicates' ? (
        <DuplicatesView stationId={stationId} onOpen={open} />
      ) : (
        <>
          <LibraryFilters
            stationId={stationId}
            search={search}
            phone={phone}
            onChange={setSearch}
          />
          <ErrorNotice error={list.error} title="The library could not be loaded" />
          <Text size="sm" c="dimmed" role="status" data-testid="library-count">
            {list.isPending
              ? 'Loading…'
              : `${items.length} item${items.length === 1 ? '' : 's'}${hasNextPage ? ' loaded, more as you scroll' : ''}`}
          </Text>
          {!list.isPending && items.length === 0 && !list.isError && (
            <EmptyNote view={view} filtered={hasFilters(search)} />
          )}
          {items.length > 0 && (
            <LibraryList
              items={items}
              phone={phone}
              selected={selection.ids}
              sort={sort}
              order={query.order}
              hasMore={hasNextPage}
              loadingMore={isFetchingNextPage}
              busy={list.isFetching}
              onLoadMore={loadMore}
              onSort={onSort}
              onToggle={onToggle}
              onToggleAll={() => setSelection((s) => toggleAll(s, ids))}
              onOpen={open}
            />
          )}
        </>
      )}
      {bulkDone && (
        <Text size="sm" c="teal.9" role="status" data-testid="bulk-result">
          {bulkDone}
        </Text>
      )}
      {selection.ids.size > 0 && (
        <Paper
          withBorder
          shadow="md"
          p="sm"
          role="region"
          aria-label="Selection"
          style={{ position: 'fixed', bottom: 16, left: 16, right: 16, zIndex: 150 }}
        >
          <Group justify="space-between">
            <Text size="sm" fw={600}>
              {selection.ids.size} selected
            </Text>
            <Group gap="xs">
              {phone && (
                <Button variant="default" onClick={() => setSelection((s) => toggleAll(s, ids))}>
                  {ids.every((id) => selection.ids.has(id)) ? 'Select none' : 'Select all loaded'}
                </Button>
              )}
              <Button variant="default" onClick={() => setSelection(EMPTY_SELECTION)}>
                Clear
              </Button>
              {canEdit ? (
                <Button onClick={() => setBulkOpen(true)}>Edit tags…</Button>
              ) : (
                <Text size="sm" c="dimmed">
                  Editing needs the DJ role
                </Text>
              )}
            </Group>
          </Group>
        </Paper>
      )}
      {bulkOpen && (
        <BulkEditModal
          stationId={stationId}
          ids={selected}
          opened
          onClose={() => setBulkOpen(false)}
          onDone={(n) => {
            setBulkOpen(false);
            setBulkDone(`Changed ${n} item${n === 1 ? '' : 's'}.`);
          }}
        />
      )}
      <EditDrawer
        stationId={stationId}
        mediaId={search.item}
        canEdit={canEdit}
        canDelete={role === 'manager'}
        onClose={() => setSearch({ item: undefined })}
      />
    </Stack>
  );
}

function EmptyNote({ view, filtered }: { view: LibraryView; filtered: boolean }) {
  const text =
    view === 'failed' && !filtered
      ? 'No failed analyses: every item the engine looked at could be decoded.'
      : filtered
        ? 'Nothing matches this search and these filters.'
        : 'The library is empty. Upload audio files to start.';
  return <Text c="dimmed">{text}</Text>;
}
