import { Box, Text, VisuallyHidden } from '@mantine/core';
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import {
  HOUR_MS,
  MINUTE_MS,
  moveBoundary,
  slotSpans,
  slotTypeInfo,
  type Slot,
} from './clock-model';

const pct = (ms: number) => `${(ms / HOUR_MS) * 100}%`;
const minutes = (ms: number) => Math.round(ms / MINUTE_MS);

/**
 * The hour as a bar: one coloured block per slot from its offset to the next. The handle at a
 * slot's start is a slider (drag it, or arrow keys: a minute, Shift five) that resizes the slot
 * before it and the slot itself.
 */
export function ClockTimeline(props: {
  slots: Slot[];
  names: (slot: Slot) => string;
  editable: boolean;
  selected: number | undefined;
  onSelect: (position: number) => void;
  onChange: (slots: Slot[]) => void;
}) {
  const bar = useRef<HTMLDivElement>(null);
  const spans = slotSpans(props.slots);
  const drag = (position: number) => (e: PointerEvent<HTMLDivElement>) => {
    if (!props.editable || bar.current === null) return;
    e.preventDefault();
    const rect = bar.current.getBoundingClientRect();
    const target = e.currentTarget;
    target.setPointerCapture(e.pointerId);
    const move = (ev: globalThis.PointerEvent) => {
      const at = ((ev.clientX - rect.left) / rect.width) * HOUR_MS;
      props.onChange(moveBoundary(props.slots, position, at));
    };
    const up = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  };
  const keys = (position: number, offset: number) => (e: KeyboardEvent<HTMLDivElement>) => {
    const step = (e.shiftKey ? 5 : 1) * MINUTE_MS;
    const delta = { ArrowLeft: -step, ArrowDown: -step, ArrowRight: step, ArrowUp: step }[e.key];
    if (delta === undefined) return;
    e.preventDefault();
    props.onChange(moveBoundary(props.slots, position, offset + delta));
  };
  return (
    <Box>
      <Box
        ref={bar}
        pos="relative"
        h={72}
        data-testid="clock-timeline"
        style={{
          borderRadius: 'var(--mantine-radius-md)',
          background: 'var(--mantine-color-default-hover)',
          border: '1px solid var(--mantine-color-default-border)',
          touchAction: 'none',
        }}
      >
        {spans.map((s, position) => {
          const info = slotTypeInfo(s.slot.type);
          const chosen = props.selected === position;
          return (
            <Box
              key={`${s.index}-${s.startMs}`}
              component="button"
              type="button"
              data-testid="clock-slot"
              aria-pressed={chosen}
              onClick={() => props.onSelect(position)}
              pos="absolute"
              top={0}
              bottom={0}
              style={{
                left: pct(s.startMs),
                width: pct(s.endMs - s.startMs),
                background: `var(--mantine-color-${info.color}-light)`,
                borderLeft: `3px solid var(--mantine-color-${info.color}-filled)`,
                outline: chosen ? '2px solid var(--mantine-color-blue-filled)' : undefined,
                outlineOffset: -2,
                overflow: 'hidden',
                textAlign: 'left',
                padding: '6px 8px',
                cursor: 'pointer',
                border: 0,
                color: 'var(--mantine-color-text)',
              }}
            >
              <VisuallyHidden>
                Slot {position + 1}, from :{String(minutes(s.startMs)).padStart(2, '0')}:{' '}
              </VisuallyHidden>
              <Text size="xs" fw={600} truncate>
                {info.label}
              </Text>
              <Text size="xs" truncate>
                {props.names(s.slot)}
              </Text>
              <Text size="xs" c="dimmed">
                {minutes(s.endMs - s.startMs)} min
              </Text>
            </Box>
          );
        })}
        {props.editable &&
          spans.map((s, position) => (
            <Box
              key={`h-${s.index}`}
              role="slider"
              tabIndex={0}
              aria-label={`Start of slot ${position + 1} (minute)`}
              aria-valuemin={0}
              aria-valuemax={59}
              aria-valuenow={minutes(s.startMs)}
              aria-valuetext={`:${String(minutes(s.startMs)).padStart(2, '0')}`}
              data-testid="clock-handle"
              onPointerDown={drag(position)}
              onKeyDown={keys(position, s.startMs)}
              pos="absolute"
              top={-4}
              bottom={-4}
              w={14}
              style={{
                left: `calc(${pct(s.startMs)} - 7px)`,
                cursor: 'ew-resize',
                zIndex: 1,
                display: 'flex',
                justifyContent: 'center',
              }}
            >
              <Box
                w={4}
                h="100%"
                style={{ borderRadius: 2, background: 'var(--mantine-color-dark-4)' }}
              />
            </Box>
          ))}
      </Box>
      <Box pos="relative" h={18} mt={2} aria-hidden>
        {[0, 15, 30, 45, 60].map((m) => (
          <Text
            key={m}
            size="xs"
            c="dimmed"
            pos="absolute"
            style={{
              left: pct(m * MINUTE_MS),
              transform: m === 0 ? undefined : m === 60 ? 'translateX(-100%)' : 'translateX(-50%)',
            }}
          >
            {m === 60 ? 'end' : `:${String(m).padStart(2, '0')}`}
          </Text>
        ))}
      </Box>
    </Box>
  );
}
