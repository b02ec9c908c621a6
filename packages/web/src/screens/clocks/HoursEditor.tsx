import { Button, Chip, Group, Stack, Text } from '@mantine/core';
import { DAY_NAMES, describeRule, type HoursRule } from './clock-model';

const HOURS = [...Array(24).keys()];

/** Where the clock applies by itself: local weekdays × local hours, one rule per line. */
export function HoursEditor(props: {
  rules: HoursRule[];
  editable: boolean;
  onChange: (rules: HoursRule[]) => void;
}) {
  const update = (i: number, rule: HoursRule) =>
    props.onChange(props.rules.map((r, j) => (j === i ? rule : r)));
  return (
    <Stack gap="sm">
      {props.rules.length === 0 && (
        <Text size="sm" c="dimmed">
          No hours: the clock plays only where a show or schedule entry names it.
        </Text>
      )}
      {props.rules.map((rule, i) => (
        <Stack
          key={i}
          gap={6}
          p="xs"
          style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 8 }}
          data-testid="hours-rule"
        >
          <Group justify="space-between">
            <Text size="sm" fw={500}>
              {describeRule(rule)}
            </Text>
            {props.editable && (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                onClick={() => props.onChange(props.rules.filter((_, j) => j !== i))}
              >
                Remove rule {i + 1}
              </Button>
            )}
          </Group>
          <Chip.Group
            multiple
            value={rule.days.map(String)}
            onChange={(v) => v.length > 0 && update(i, { ...rule, days: v.map(Number) })}
          >
            <Group gap={4} role="group" aria-label={`Days of rule ${i + 1}`}>
              {DAY_NAMES.map((d, k) => (
                <Chip key={d} value={String(k + 1)} size="xs" disabled={!props.editable}>
                  {d}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
          <Chip.Group
            multiple
            value={rule.hours.map(String)}
            onChange={(v) => v.length > 0 && update(i, { ...rule, hours: v.map(Number) })}
          >
            <Group gap={4} role="group" aria-label={`Hours of rule ${i + 1}`}>
              {HOURS.map((h) => (
                <Chip key={h} value={String(h)} size="xs" disabled={!props.editable}>
                  {String(h).padStart(2, '0')}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </Stack>
      ))}
      {props.editable && (
        <Group>
          <Button
            size="xs"
            variant="default"
            onClick={() =>
              props.onChange([...props.rules, { days: [1, 2, 3, 4, 5, 6, 7], hours: [...HOURS] }])
            }
          >
            Add hours rule
          </Button>
        </Group>
      )}
    </Stack>
  );
}
