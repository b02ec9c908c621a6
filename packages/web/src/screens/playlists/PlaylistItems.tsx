import { ActionIcon, Badge, Group, Text } from '@mantine/core';
import { useLayoutEffect, useRef, useState } from 'react';
import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
} from '@dnd-kit/core';
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { clock } from '../../ui/format';
import { OverridesForm } from './OverridesForm';
import { OVERRIDE_FIELDS, trackLabel, withStableKeys, type Overrides } from './playlist-items';
import type { TrackItem } from './queries';

type Direction = 'up' | 'down';

interface RowProps {
  item: TrackItem;
  index: number;
  count: number;
  canEdit: boolean;
  editing: boolean;
  onEdit: (open: boolean) => void;
  onMove: (from: number, to: number, by?: Direction) => void;
  onRemove: (index: number) => void;
  onOverrides: (index: number, o: Overrides) => void;
}

function Row(p: RowProps) {
  const { item, index, count, canEdit } = p;
  const s = useSortable({ id: item.id, disabled: !canEdit });
  const label = trackLabel(item);
  const overridden = OVERRIDE_FIELDS.some((f) => item[f] !== null);
  return (
    <li
      ref={s.setNodeRef}
      style={{
        transform: CSS.Translate.toString(s.transform),
        transition: s.transition,
        position: 'relative',
        zIndex: s.isDragging ? 1 : undefined,
        opacity: s.isDragging ? 0.85 : undefined,
        listStyle: 'none',
        borderTop: index === 0 ? undefined : '1px solid var(--mantine-color-default-border)',
        background: 'var(--mantine-color-body)',
      }}
      data-testid="playlist-item"
      data-media={item.media_id}
    >
      <Group gap={4} wrap="nowrap" py={4}>
        {canEdit && (
          <ActionIcon
            ref={s.setActivatorNodeRef}
            {...s.attributes}
            {...s.listeners}
            variant="subtle"
            color="gray"
            aria-label={`Drag ${label} to reorder`}
            style={{ cursor: 'grab', touchAction: 'none' }}
          >
            ≡
          </ActionIcon>
        )}
        <Text size="sm" c="dimmed" w={28} ta="right" style={{ flexShrink: 0 }}>
          {index + 1}.
        </Text>
        <div style={{ flex: 1, minWidth: 0 }}>
          <Text size="sm" lineClamp={1} title={label} data-testid="playlist-item-title">
            {label}
          </Text>
          {overridden && (
            <Badge size="xs" variant="outline" color="grape" data-testid="item-overridden">
              cues/fades set
            </Badge>
          )}
        </div>
        <Text size="sm" c="dimmed" style={{ flexShrink: 0, fontVariantNumeric: 'tabular-nums' }}>
          {item.played_ms === null ? '—' : clock(item.played_ms)}
        </Text>
        {canEdit && (
          <>
            <ActionIcon
              variant={p.editing ? 'light' : 'subtle'}
              aria-label={`Cues and fades of ${label}`}
              aria-expanded={p.editing}
              onClick={() => p.onEdit(!p.editing)}
            >
              ✎
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              data-move={`${item.id}:up`}
              aria-label={`Move ${label} up`}
              disabled={index === 0}
              onClick={() => p.onMove(index, index - 1, 'up')}
              visibleFrom="xs"
            >
              ↑
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              data-move={`${item.id}:down`}
              aria-label={`Move ${label} down`}
              disabled={index === count - 1}
              onClick={() => p.onMove(index, index + 1, 'down')}
              visibleFrom="xs"
            >
              ↓
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Remove ${label} from the playlist`}
              onClick={() => p.onRemove(index)}
            >
              ×
            </ActionIcon>
          </>
        )}
      </Group>
      {p.editing && (
        <OverridesForm
          item={item}
          onCancel={() => p.onEdit(false)}
          onSave={(o) => {
            p.onOverrides(index, o);
            p.onEdit(false);
          }}
        />
      )}
    </li>
  );
}

/**
 * The items as a sortable list: drag by the handle (pointer, touch, or keyboard: space, arrows,
 * space) or the up/down buttons; each item's cue and fade overrides open under it.
 */
export function PlaylistItems(props: {
  items: TrackItem[];
  canEdit: boolean;
  onMove: (from: number, to: number) => void;
  onRemove: (index: number) => void;
  onOverrides: (index: number, o: Overrides) => void;
}) {
  const items = withStableKeys(props.items);
  const [editing, setEditing] = useState<string | undefined>();
  const list = useRef<HTMLOListElement>(null);
  // A moved row's button loses focus when React moves the row: give it back, so arrow-key
  // users can press again.
  const refocus = useRef<{ id: string; by: Direction } | undefined>(undefined);
  useLayoutEffect(() => {
    const want = refocus.current;
    if (!want || !list.current) return;
    const find = (by: Direction) =>
      list.current?.querySelector<HTMLButtonElement>(
        `[data-move="${want.id}:${by}"]:not(:disabled)`,
      );
    const button = find(want.by) ?? find(want.by === 'up' ? 'down' : 'up');
    if (button && document.activeElement !== button) button.focus();
    if (button) refocus.current = undefined;
  }, [items]);
  const onMove = (from: number, to: number, by?: Direction) => {
    const item = items[from];
    refocus.current = by && item ? { id: item.id, by } : undefined;
    props.onMove(from, to);
  };
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = items.findIndex((i) => i.id === active.id);
    const to = items.findIndex((i) => i.id === over.id);
    if (from >= 0 && to >= 0) onMove(from, to);
  };
  return (
    <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
      <SortableContext items={items.map((i) => i.id)} strategy={verticalListSortingStrategy}>
        <ol ref={list} aria-label="Playlist items" style={{ margin: 0, padding: 0 }}>
          {items.map((item, index) => (
            <Row
              key={item.id}
              item={item}
              index={index}
              count={items.length}
              canEdit={props.canEdit}
              editing={editing === item.id}
              onEdit={(open) => setEditing(open ? item.id : undefined)}
              onMove={onMove}
              onRemove={props.onRemove}
              onOverrides={props.onOverrides}
            />
          ))}
        </ol>
      </SortableContext>
    </DndContext>
  );
}
