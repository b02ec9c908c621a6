import { Badge, Checkbox, Group, Text, UnstyledButton } from '@mantine/core';
import type { ChangeEvent, CSSProperties } from 'react';
import { clock } from '../../ui/format';
import { STATE_COLOR, STATE_LABEL, shortDate } from './library-format';
import type { MediaItem } from './queries';

/** Desktop columns; the header (LibraryList) uses the same template so cells line up. */
export const DESKTOP_COLUMNS =
  '36px minmax(9rem, 2fr) minmax(6rem, 1.3fr) minmax(6rem, 1.2fr) minmax(5rem, 0.9fr) 4.5rem 8.5rem 7rem 7rem';
export const DESKTOP_ROW = 52;
export const PHONE_ROW = 64;

interface RowProps {
  item: MediaItem;
  index: number;
  selected: boolean;
  style: CSSProperties;
  onToggle: (index: number, shift: boolean) => void;
  onOpen: (id: string) => void;
}

const shiftOf = (e: ChangeEvent<HTMLInputElement>) =>
  'shiftKey' in e.nativeEvent && (e.nativeEvent as MouseEvent).shiftKey;

function Cell({ children, title }: { children: React.ReactNode; title?: string | undefined }) {
  return (
    <div role="cell" style={{ minWidth: 0 }} title={title}>
      {children}
    </div>
  );
}

function Line({ text, dimmed }: { text: string | null; dimmed?: boolean }) {
  return (
    <Text size="sm" truncate="end" c={dimmed || text === null ? 'dimmed' : undefined}>
      {text ?? '—'}
    </Text>
  );
}

function StateBadge({ item }: { item: MediaItem }) {
  return (
    <Badge
      size="sm"
      variant="filled"
      color={STATE_COLOR[item.analysis_state]}
      style={{ flexShrink: 0 }}
    >
      {STATE_LABEL[item.analysis_state]}
    </Badge>
  );
}

function TitleButton({ item, onOpen }: { item: MediaItem; onOpen: (id: string) => void }) {
  return (
    <UnstyledButton
      onClick={() => onOpen(item.id)}
      aria-label={`Open ${item.title}`}
      data-testid="row-title"
      style={{ maxWidth: '100%', display: 'block' }}
    >
      <Text size="sm" fw={600} truncate="end" td="underline" style={{ textUnderlineOffset: 3 }}>
        {item.title}
      </Text>
    </UnstyledButton>
  );
}

export function DesktopRow({ item, index, selected, style, onToggle, onOpen }: RowProps) {
  const failed = item.analysis_state === 'failed';
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid="library-row"
      style={{
        ...style,
        display: 'grid',
        gridTemplateColumns: DESKTOP_COLUMNS,
        alignItems: 'center',
        gap: 'var(--mantine-spacing-xs)',
        padding: '0 var(--mantine-spacing-xs)',
        borderBottom: '1px solid var(--mantine-color-default-border)',
        background: selected ? 'var(--mantine-color-blue-light)' : undefined,
      }}
    >
      <Cell>
        <Checkbox
          aria-label={`Select ${item.title}`}
          checked={selected}
          onChange={(e) => onToggle(index, shiftOf(e))}
        />
      </Cell>
      <Cell title={item.title}>
        <TitleButton item={item} onOpen={onOpen} />
      </Cell>
      <Cell title={item.artist ?? undefined}>
        <Line text={item.artist} />
      </Cell>
      <Cell title={item.album ?? undefined}>
        <Line text={item.album} />
      </Cell>
      <Cell title={item.genre ?? undefined}>
        <Line text={item.genre} />
      </Cell>
      <Cell>
        <Text size="sm" ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
          {item.duration_ms === null ? '—' : clock(item.duration_ms)}
        </Text>
      </Cell>
      <Cell title={failed ? (item.analysis_error ?? undefined) : undefined}>
        <StateBadge item={item} />
        {failed && (
          <Text size="xs" c="red.9" truncate="end" data-testid="analysis-error">
            {item.analysis_error ?? 'no reason given'}
          </Text>
        )}
      </Cell>
      <Cell>
        <Line text={shortDate(item.created_at)} />
      </Cell>
      <Cell>
        <Line text={shortDate(item.last_played_at)} dimmed={item.last_played_at === null} />
      </Cell>
    </div>
  );
}

/** Phone width: the same facts on two lines, no columns to scroll sideways. */
export function PhoneRow({ item, index, selected, style, onToggle, onOpen }: RowProps) {
  const failed = item.analysis_state === 'failed';
  const second = [item.artist ?? 'Unknown artist', item.duration_ms && clock(item.duration_ms)]
    .filter(Boolean)
    .join(' · ');
  return (
    <div
      role="row"
      aria-rowindex={index + 1}
      aria-selected={selected}
      data-testid="library-row"
      style={{
        ...style,
        display: 'grid',
        gridTemplateColumns: '36px minmax(0, 1fr)',
        alignItems: 'center',
        gap: 'var(--mantine-spacing-xs)',
        borderBottom: '1px solid var(--mantine-color-default-border)',
        background: selected ? 'var(--mantine-color-blue-light)' : undefined,
      }}
    >
      <Cell>
        <Checkbox
          aria-label={`Select ${item.title}`}
          checked={selected}
          onChange={(e) => onToggle(index, shiftOf(e))}
        />
      </Cell>
      <Cell>
        <TitleButton item={item} onOpen={onOpen} />
        <Group gap={6} wrap="nowrap">
          {item.analysis_state !== 'complete' && <StateBadge item={item} />}
          <Text size="xs" c="dimmed" truncate="end">
            {failed ? (item.analysis_error ?? 'analysis failed') : second}
          </Text>
        </Group>
      </Cell>
    </div>
  );
}
