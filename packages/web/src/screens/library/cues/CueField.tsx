import { ActionIcon, Group, TextInput } from '@mantine/core';
import { type KeyboardEvent, useEffect, useState } from 'react';
import { formatMs, MARKER_HINT, MARKER_LABEL, type Marker, parseTime } from './cue-model';

interface Props {
  marker: Marker;
  value: number | null;
  durationMs: number;
  issue: string | undefined;
  editable: boolean;
  onChange: (ms: number | null) => void;
  onSetToPlayhead: () => void;
  onPreview: () => void;
}

/**
 * One cue point as text (m:ss.mmm), the keyboard's way to move a marker: typing moves it as
 * soon as the text reads as a time, ArrowUp/ArrowDown nudge by 10 ms (Shift: 100 ms, Alt: 1 s).
 * The text is reformatted when the field loses focus, never while the operator types.
 */
export function CueField(p: Props) {
  const [text, setText] = useState(p.value === null ? '' : formatMs(p.value));
  const [focused, setFocused] = useState(false);
  const parsed = parseTime(text);

  useEffect(() => {
    if (!focused) setText(p.value === null ? '' : formatMs(p.value));
  }, [p.value, focused]);

  const nudge = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      setText(p.value === null ? '' : formatMs(p.value));
      return;
    }
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    e.preventDefault();
    const step = e.altKey ? 1000 : e.shiftKey ? 100 : 10;
    const base = p.value ?? (p.marker === 'cueOut' ? p.durationMs : 0);
    const next = Math.min(p.durationMs, Math.max(0, base + (e.key === 'ArrowUp' ? step : -step)));
    setText(formatMs(next));
    p.onChange(next);
  };

  const label = MARKER_LABEL[p.marker];
  const buttons = (
    <Group gap={2} wrap="nowrap">
      {p.editable && (
        <ActionIcon
          variant="subtle"
          size="md"
          aria-label={`Set ${label.toLowerCase()} to the playhead`}
          title={`Set ${label.toLowerCase()} to the playhead`}
          onClick={p.onSetToPlayhead}
        >
          <TargetIcon />
        </ActionIcon>
      )}
      <ActionIcon
        variant="subtle"
        size="md"
        aria-label={`Preview around ${label.toLowerCase()}`}
        title={`Preview around ${label.toLowerCase()}`}
        onClick={p.onPreview}
      >
        <PlayIcon />
      </ActionIcon>
    </Group>
  );
  return (
    <TextInput
      label={label}
      description={MARKER_HINT[p.marker]}
      placeholder={
        p.marker === 'cueOut'
          ? formatMs(p.durationMs)
          : p.marker === 'cueIn'
            ? '0:00.000'
            : 'not set'
      }
      value={text}
      inputMode="decimal"
      autoComplete="off"
      readOnly={!p.editable}
      error={parsed === undefined ? 'type a time like 1:23.456' : p.issue}
      data-testid={`cue-${p.marker}`}
      rightSection={buttons}
      rightSectionWidth={p.editable ? 64 : 34}
      rightSectionPointerEvents="all"
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
      onKeyDown={nudge}
      onChange={(e) => {
        const t = e.currentTarget.value;
        setText(t);
        const v = parseTime(t);
        if (v !== undefined) p.onChange(v);
      }}
    />
  );
}

// Small inline icons: the console carries no icon font, and text glyphs like ⌖ are missing from
// many system fonts.
function TargetIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" fill="none">
      <circle cx="8" cy="8" r="5" stroke="currentColor" strokeWidth="1.5" />
      <path d="M8 0v4M8 12v4M0 8h4M12 8h4" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

function PlayIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
      <path d="M3 1.5v11l9-5.5z" fill="currentColor" />
    </svg>
  );
}
