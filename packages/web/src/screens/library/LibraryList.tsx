import { Box, Checkbox, Loader, Text, UnstyledButton } from '@mantine/core';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { SORT_LABEL } from './library-format';
import type { Order, Sort } from './library-search';
import { DESKTOP_COLUMNS, DESKTOP_ROW, DesktopRow, PHONE_ROW, PhoneRow } from './MediaRow';
import type { MediaItem } from './queries';

interface Props {
  items: MediaItem[];
  phone: boolean;
  selected: ReadonlySet<string>;
  sort: Sort;
  order: Order;
  hasMore: boolean;
  loadingMore: boolean;
  /** Any fetch of the list under way (a refetch too): the next page waits for it. */
  busy: boolean;
  onLoadMore: () => void;
  onSort: (sort: Sort) => void;
  onToggle: (index: number, shift: boolean) => void;
  onToggleAll: () => void;
  onOpen: (id: string) => void;
}

// Rows load this close to the end of what is loaded, so scrolling rarely waits.
const PREFETCH_ROWS = 30;

const HEADERS: { label: string; sort?: Sort; align?: 'right' }[] = [
  { label: 'Title', sort: 'title' },
  { label: 'Artist', sort: 'artist' },
  { label: 'Album', sort: 'album' },
  { label: 'Genre', sort: 'genre' },
  { label: 'Duration', sort: 'duration', align: 'right' },
  { label: 'Analysis' },
  { label: 'Added', sort: 'added' },
  { label: 'Last played', sort: 'last_played' },
];

function Header(p: Pick<Props, 'sort' | 'order' | 'onSort' | 'onToggleAll'> & { all: boolean }) {
  return (
    <div role="rowgroup">
      <div
        role="row"
        aria-rowindex={1}
        style={{
          display: 'grid',
          gridTemplateColumns: DESKTOP_COLUMNS,
          alignItems: 'center',
          gap: 'var(--mantine-spacing-xs)',
          padding: 'var(--mantine-spacing-xs)',
          borderBottom: '2px solid var(--mantine-color-default-border)',
          background: 'var(--mantine-color-body)',
          position: 'sticky',
          top: 'var(--app-shell-header-height, 56px)',
          zIndex: 2,
        }}
      >
        <div role="columnheader">
          <Checkbox aria-label="Select all loaded" checked={p.all} onChange={p.onToggleAll} />
        </div>
        {HEADERS.map((h) => {
          const active = h.sort !== undefined && h.sort === p.sort;
          return (
            <div
              key={h.label}
              role="columnheader"
              aria-sort={active ? (p.order === 'asc' ? 'ascending' : 'descending') : undefined}
              style={{ textAlign: h.align }}
            >
              {h.sort === undefined ? (
                <Text size="sm" fw={700}>
                  {h.label}
                </Text>
              ) : (
                <UnstyledButton
                  onClick={() => p.onSort(h.sort!)}
                  aria-label={`Sort by ${SORT_LABEL[h.sort]}`}
                >
                  <Text size="sm" fw={700} span>
                    {h.label}
                    {active ? (p.order === 'asc' ? ' ▲' : ' ▼') : ''}
                  </Text>
                </UnstyledButton>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

/**
 * The library as a virtual table over the window's scroll: only the rows in view (and a few
 * around) are in the DOM, so 100,000 loaded titles scroll like 50. Rows have one fixed height,
 * so nothing moves when a refetch changes a row's contents.
 */
export function LibraryList(p: Props) {
  const listRef = useRef<HTMLDivElement>(null);
  const [margin, setMargin] = useState(0);
  useLayoutEffect(() => {
    const top = (listRef.current?.getBoundingClientRect().top ?? 0) + window.scrollY;
    if (Math.abs(top - margin) > 1) setMargin(top);
  });
  const rowHeight = p.phone ? PHONE_ROW : DESKTOP_ROW;
  const count = p.items.length + (p.hasMore ? 1 : 0);
  const virtual = useWindowVirtualizer({
    count,
    estimateSize: () => rowHeight,
    overscan: 8,
    scrollMargin: margin,
    getItemKey: (i) => p.items[i]?.id ?? 'more',
  });
  const rows = virtual.getVirtualItems();
  const last = rows.at(-1)?.index ?? 0;
  const { hasMore, busy, onLoadMore } = p;
  useEffect(() => {
    if (hasMore && !busy && last >= p.items.length - PREFETCH_ROWS) onLoadMore();
  }, [last, hasMore, busy, onLoadMore, p.items.length]);

  const all = p.items.length > 0 && p.items.every((m) => p.selected.has(m.id));
  return (
    <Box
      role="table"
      aria-label="Library"
      aria-rowcount={p.hasMore ? -1 : p.items.length + (p.phone ? 0 : 1)}
      data-testid="library-table"
      data-total={p.items.length}
    >
      {!p.phone && <Header {...p} all={all} />}
      <div
        role="rowgroup"
        ref={listRef}
        style={{ height: virtual.getTotalSize(), position: 'relative' }}
      >
        {rows.map((r) => {
          const item = p.items[r.index];
          const style = {
            position: 'absolute' as const,
            top: 0,
            left: 0,
            width: '100%',
            height: rowHeight,
            transform: `translateY(${r.start - virtual.options.scrollMargin}px)`,
          };
          if (item === undefined)
            return (
              <div key={r.key} role="row" style={{ ...style, display: 'flex' }}>
                <div role="cell" style={{ margin: 'auto' }}>
                  {p.loadingMore && <Loader size="sm" aria-label="Loading more" />}
                </div>
              </div>
            );
          const Row = p.phone ? PhoneRow : DesktopRow;
          return (
            <Row
              key={r.key}
              item={item}
              index={r.index}
              selected={p.selected.has(item.id)}
              style={style}
              onToggle={p.onToggle}
              onOpen={p.onOpen}
            />
          );
        })}
      </div>
    </Box>
  );
}
