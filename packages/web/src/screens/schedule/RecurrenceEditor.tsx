import { Chip, Group, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import type { Ending, Repeat } from './recurrence';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Daily, weekdays or weekly on chosen days; ending never, on a date, or after N times. */
export function RecurrenceEditor(props: {
  value: Repeat | undefined;
  raw: string | null;
  /** The ISO weekday of the start, the default day of a new weekly rule. */
  startDay: number;
  disabled: boolean;
  onChange: (r: Repeat) => void;
}) {
  const r = props.value;
  const ending: Ending = r !== undefined && r.kind !== 'none' ? r.ending : { kind: 'never' };
  const withEnding = (e: Ending) => {
    if (r === undefined || r.kind === 'none') return;
    props.onChange({ ...r, ending: e });
  };
  return (
    <Stack gap="xs">
      {r === undefined && (
        <Text size="sm" c="dimmed">
          Repeats by a rule this editor does not show (<code>{props.raw}</code>); choosing here
          replaces it.
        </Text>
      )}
      <Select
        label="Repeats"
        data={[
          { value: 'none', label: 'Does not repeat' },
          { value: 'daily', label: 'Daily' },
          { value: 'weekdays', label: 'Every weekday (Mon–Fri)' },
          { value: 'weekly', label: 'Weekly on…' },
        ]}
        value={r?.kind ?? null}
        placeholder="Custom rule"
        allowDeselect={false}
        disabled={props.disabled}
        onChange={(k) => {
          if (k === 'none') props.onChange({ kind: 'none' });
          else if (k === 'daily' || k === 'weekdays') props.onChange({ kind: k, ending });
          else if (k === 'weekly')
            props.onChange({ kind: 'weekly', days: [props.startDay], ending });
        }}
      />
      {r?.kind === 'weekly' && (
        <Chip.Group
          multiple
          value={r.days.map(String)}
          onChange={(v) => v.length > 0 && props.onChange({ ...r, days: v.map(Number) })}
        >
          <Group gap={4} role="group" aria-label="Repeat on days">
            {DAYS.map((d, i) => (
              <Chip key={d} value={String(i + 1)} size="xs" disabled={props.disabled}>
                {d}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      )}
      {r !== undefined && r.kind !== 'none' && (
        <Group align="flex-end" gap="sm">
          <Select
            label="Ends"
            w={150}
            data={[
              { value: 'never', label: 'Never' },
              { value: 'until', label: 'On a date' },
              { value: 'count', label: 'After' },
            ]}
            value={ending.kind}
            allowDeselect={false}
            disabled={props.disabled}
            onChange={(k) => {
              if (k === 'never') withEnding({ kind: 'never' });
              else if (k === 'until')
                withEnding({ kind: 'until', date: new Date().toISOString().slice(0, 10) });
              else if (k === 'count') withEnding({ kind: 'count', count: 10 });
            }}
          />
          {ending.kind === 'until' && (
            <TextInput
              type="date"
              label="Last day"
              value={ending.date}
              disabled={props.disabled}
              onChange={(e) => withEnding({ kind: 'until', date: e.currentTarget.value })}
            />
          )}
          {ending.kind === 'count' && (
            <NumberInput
              label="Times"
              min={1}
              max={1000}
              w={110}
              value={ending.count}
              disabled={props.disabled}
              onChange={(v) => withEnding({ kind: 'count', count: Math.max(1, Number(v) || 1) })}
            />
          )}
        </Group>
      )}
    </Stack>
  );
}
