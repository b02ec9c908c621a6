import { Button, Group, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { clock } from '../../ui/format';
import {
  msToSeconds,
  OVERRIDE_FIELDS,
  overridesProblem,
  secondsToMs,
  type OverrideField,
  type Overrides,
} from './playlist-items';
import type { TrackItem } from './queries';

const LABEL: Record<OverrideField, string> = {
  cue_in_ms: 'Cue in (s)',
  cue_out_ms: 'Cue out (s)',
  fade_in_ms: 'Fade in (s)',
  fade_out_ms: 'Fade out (s)',
};

/** This item's cue and fade overrides in seconds; empty means the track's own. */
export function OverridesForm(props: {
  item: TrackItem;
  onSave: (o: Overrides) => void;
  onCancel: () => void;
}) {
  const { item } = props;
  const [text, setText] = useState<Record<OverrideField, string>>(() => ({
    cue_in_ms: msToSeconds(item.cue_in_ms),
    cue_out_ms: msToSeconds(item.cue_out_ms),
    fade_in_ms: msToSeconds(item.fade_in_ms),
    fade_out_ms: msToSeconds(item.fade_out_ms),
  }));
  const parsed = Object.fromEntries(
    OVERRIDE_FIELDS.map((f) => [f, secondsToMs(text[f])]),
  ) as Record<OverrideField, number | null | undefined>;
  const bad = OVERRIDE_FIELDS.filter((f) => parsed[f] === undefined);
  const problem =
    bad.length > 0
      ? 'Enter seconds, e.g. 2.5, or leave empty.'
      : overridesProblem(parsed as Overrides, item.duration_ms);
  return (
    <form
      aria-label="Cues and fades"
      style={{ padding: '4px 0 12px 36px' }}
      onSubmit={(e) => {
        e.preventDefault();
        if (problem === null) props.onSave(parsed as Overrides);
      }}
    >
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
        {OVERRIDE_FIELDS.map((f) => (
          <TextInput
            key={f}
            size="xs"
            label={LABEL[f]}
            inputMode="decimal"
            value={text[f]}
            error={bad.includes(f)}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setText((t) => ({ ...t, [f]: v }));
            }}
          />
        ))}
      </SimpleGrid>
      <Text size="xs" c={problem ? 'red.9' : 'dimmed'} mt={4} role={problem ? 'alert' : undefined}>
        {problem ??
          `Empty fields use the track’s own cues and fades.${
            item.duration_ms === null ? '' : ` The track is ${clock(item.duration_ms)} long.`
          }`}
      </Text>
      <Group gap="xs" mt="xs">
        <Button size="compact-sm" type="submit" disabled={problem !== null}>
          Save cues
        </Button>
        <Button size="compact-sm" variant="default" onClick={props.onCancel}>
          Cancel
        </Button>
      </Group>
    </form>
  );
}
