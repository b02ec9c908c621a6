import { ActionIcon, Group, Text } from '@mantine/core';
import { useLayoutEffect, useRef } from 'react';
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

interface Item {
  id: string;
  title: string;
}

type Direction = 'up' | 'down';

interface RowProps {
  item: Item;
  index: number;
  count: number;
  canEdit: boolean;
  onMove: (from: number, to: number, by?: Direction) => void;
  onRemove: (id: string) => void;
}

function Row({ item, index, count, canEdit, onMove, onRemove }: RowProps) {
  const s = useSortable({ id: item.id, disabled: !canEdit });
  const style = {
    transform: CSS.Translate.toString(s.transform),
    transition: s.transition,
    position: 'relative' as const,
    zIndex: s.isDragging ? 1 : undefined,
    opacity: s.isDragging ? 0.85 : undefined,
    listStyle: 'none',
  };
  return (
    <li ref={s.setNodeRef} style={style} data-testid="queue-item" data-id={item.id}>
      <Group gap={4} wrap="nowrap" py={2}>
        {canEdit && (
          <ActionIcon
            ref={s.setActivatorNodeRef}
            {...s.attributes}
            {...s.listeners}
            variant="subtle"
            color="gray"
            aria-label={`Drag ${item.title} to reorder`}
            style={{ cursor: 'grab', touchAction: 'none' }}
          >
            ≡
          </ActionIcon>
        )}
        <Text size="sm" c="dimmed" w={24} ta="right" style={{ flexShrink: 0 }}>
          {index + 1}.
        </Text>
        <Text size="sm" lineClamp={1} style={{ flex: 1, minWidth: 0 }} title={item.title}>
          {item.title}
        </Text>
        {canEdit && (
          <>
            <ActionIcon
              variant="subtle"
              data-move={`${item.id}:up`}
              aria-label={`Move ${item.title} up`}
              disabled={index === 0}
              onClick={() => onMove(index, index - 1, 'up')}
            >
              ↑
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              data-move={`${item.id}:down`}
              aria-label={`Move ${item.title} down`}
              disabled={index === count - 1}
              onClick={() => onMove(index, index + 1, 'down')}
            >
              ↓
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Remove ${item.title} from the queue`}
              onClick={() => onRemove(item.id)}
            >
              ×
            </ActionIcon>
          </>
        )}
      </Group>
    </li>
  );
}

/**
 * The queue as a sortable list: drag by the handle (pointer, touch, or keyboard: space, arrows,
 * space), or the up/down buttons. Ordered numbers are drawn, not the list's, so they stay put
 * while a row is dragged.
 */
export function QueueList(props: {
  items: Item[];
  canEdit: boolean;
  onMove: (from: number, to: number) => void;
  onRemove: (id: string) => void;
}) {
  const { items, canEdit, onRemove } = props;
  const list = useRef<HTMLOListElement>(null);
  // The browser drops focus from a button whose row React moves in the DOM; put it back on the
  // moved item's button (or its other one at either end) so arrow-key users can press again.
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
    // A few pixels before a drag starts, so a tap on the handle is not a drag.
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
        <ol ref={list} aria-label="Queued items" style={{ margin: 0, padding: 0 }}>
          {items.map((item, index) => (
            <Row
              key={item.id}
              item={item}
              index={index}
              count={items.length}
              canEdit={canEdit}
              onMove={onMove}
              onRemove={onRemove}
            />
          ))}
        </ol>
      </SortableContext>
    </DndContext>
  );
}
