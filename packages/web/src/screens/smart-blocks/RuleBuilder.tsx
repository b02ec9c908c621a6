import {
  ActionIcon,
  Button,
  Fieldset,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { FilterEditor, FilterList } from './FilterEditor';
import { newFilter } from './filter-draft';
import type { RulesDraft } from './rules-draft';

type Set = (patch: Partial<RulesDraft>) => void;

function Num(props: {
  label: string;
  value: string;
  readOnly: boolean;
  onChange: (v: string) => void;
  placeholder?: string;
}) {
  return (
    <TextInput
      size="xs"
      label={props.label}
      inputMode="decimal"
      value={props.value}
      placeholder={props.placeholder}
      readOnly={props.readOnly}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      style={{ flex: '1 1 90px', minWidth: 80 }}
    />
  );
}

function Weights({ d, set, ro }: { d: RulesDraft; set: Set; ro: boolean }) {
  const put = (i: number, w: RulesDraft['weights'][number]) =>
    set({ weights: d.weights.map((x, j) => (j === i ? w : x)) });
  return (
    <Stack gap="xs">
      {d.weights.length === 0 && (
        <Text size="sm" c="dimmed">
          Every matching track is equally likely.
        </Text>
      )}
      {d.weights.map((w, i) => (
        <FilterEditor
          key={i}
          name={`Weight ${i + 1}`}
          value={w.filter}
          readOnly={ro}
          onChange={(filter) => put(i, { ...w, filter })}
          onRemove={() => set({ weights: d.weights.filter((_, j) => j !== i) })}
          extra={
            <Num
              label={`Weight ${i + 1} factor`}
              value={w.weight}
              readOnly={ro}
              onChange={(weight) => put(i, { ...w, weight })}
            />
          }
        />
      ))}
      {!ro && (
        <Group>
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => set({ weights: [...d.weights, { filter: newFilter(), weight: '2' }] })}
          >
            Add weight
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function Quotas({ d, set, ro }: { d: RulesDraft; set: Set; ro: boolean }) {
  const put = (i: number, q: RulesDraft['quotas'][number]) =>
    set({ quotas: d.quotas.map((x, j) => (j === i ? q : x)) });
  return (
    <Stack gap="sm">
      {d.quotas.length === 0 && (
        <Text size="sm" c="dimmed">
          No quotas.
        </Text>
      )}
      {d.quotas.map((q, i) => (
        <Stack key={i} gap={4} data-testid="quota">
          <FilterEditor
            name={`Quota ${i + 1}`}
            value={q.filter}
            readOnly={ro}
            onChange={(filter) => put(i, { ...q, filter })}
            onRemove={() => set({ quotas: d.quotas.filter((_, j) => j !== i) })}
          />
          <Group gap="xs" wrap="wrap">
            <Num
              label={`Quota ${i + 1} at least`}
              value={q.min}
              readOnly={ro}
              onChange={(min) => put(i, { ...q, min })}
            />
            <Num
              label={`Quota ${i + 1} at most`}
              value={q.max}
              readOnly={ro}
              onChange={(max) => put(i, { ...q, max })}
            />
            <Num
              label={`Quota ${i + 1} per minutes`}
              placeholder="whole block"
              value={q.window}
              readOnly={ro}
              onChange={(window) => put(i, { ...q, window })}
            />
          </Group>
        </Stack>
      ))}
      {!ro && (
        <Group>
          <Button
            size="compact-sm"
            variant="default"
            onClick={() =>
              set({
                quotas: [...d.quotas, { filter: newFilter(), min: '', max: '1', window: '60' }],
              })
            }
          >
            Add quota
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function Energy({ d, set, ro }: { d: RulesDraft; set: Set; ro: boolean }) {
  const put = (i: number, p: RulesDraft['energy'][number]) =>
    set({ energy: d.energy.map((x, j) => (j === i ? p : x)) });
  return (
    <Stack gap="xs">
      {d.energy.length === 0 && (
        <Text size="sm" c="dimmed">
          No target energy: energy does not steer the choice.
        </Text>
      )}
      {d.energy.map((p, i) => (
        <Group key={i} gap="xs" align="flex-end" wrap="nowrap" data-testid="energy-point">
          <Num
            label={`Point ${i + 1} at (% of block)`}
            value={p.at}
            readOnly={ro}
            onChange={(at) => put(i, { ...p, at })}
          />
          <Num
            label={`Point ${i + 1} energy (%)`}
            value={p.energy}
            readOnly={ro}
            onChange={(energy) => put(i, { ...p, energy })}
          />
          {!ro && (
            <ActionIcon
              variant="subtle"
              color="red"
              mb={4}
              aria-label={`Remove energy point ${i + 1}`}
              onClick={() => set({ energy: d.energy.filter((_, j) => j !== i) })}
            >
              ×
            </ActionIcon>
          )}
        </Group>
      ))}
      {!ro && d.energy.length < 32 && (
        <Group>
          <Button
            size="compact-sm"
            variant="default"
            onClick={() =>
              set({
                energy: [...d.energy, { at: d.energy.length === 0 ? '0' : '100', energy: '50' }],
              })
            }
          >
            Add energy point
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** Every rule the engine applies, as a form (docs/programming.md, "Smart blocks"). */
export function RuleBuilder(props: {
  draft: RulesDraft;
  readOnly: boolean;
  onChange: (d: RulesDraft) => void;
}) {
  const { draft: d, readOnly: ro } = props;
  const set: Set = (patch) => props.onChange({ ...d, ...patch });
  return (
    <Stack gap="md">
      <Fieldset legend="Include tracks that match" radius="md">
        <Stack gap="xs">
          <SegmentedControl
            size="xs"
            aria-label="How include filters combine"
            disabled={ro}
            value={d.include_mode}
            onChange={(v) => set({ include_mode: v === 'any' ? 'any' : 'all' })}
            data={[
              { value: 'all', label: 'all of the filters' },
              { value: 'any', label: 'any of the filters' },
            ]}
            style={{ alignSelf: 'flex-start' }}
          />
          <FilterList
            name="Include filter"
            items={d.include}
            readOnly={ro}
            empty="No include filter: the whole library."
            onChange={(include) => set({ include })}
          />
        </Stack>
      </Fieldset>
      <Fieldset legend="Exclude tracks that match any of" radius="md">
        <FilterList
          name="Exclude filter"
          items={d.exclude}
          readOnly={ro}
          empty="Nothing excluded."
          onChange={(exclude) => set({ exclude })}
        />
      </Fieldset>
      <Fieldset legend="Weights (more or less likely)" radius="md">
        <Weights d={d} set={set} ro={ro} />
      </Fieldset>
      <Fieldset legend="Quotas" radius="md">
        <Quotas d={d} set={set} ro={ro} />
      </Fieldset>
      <Fieldset legend="Separation (minutes before the same again)" radius="md">
        <SimpleGrid cols={{ base: 3 }} spacing="xs">
          {(['artist', 'title', 'album'] as const).map((k) => (
            <Num
              key={k}
              label={`Same ${k}`}
              value={d.separation[k]}
              readOnly={ro}
              onChange={(v) => set({ separation: { ...d.separation, [k]: v } })}
            />
          ))}
        </SimpleGrid>
      </Fieldset>
      <Fieldset legend="Length and the last seconds" radius="md">
        <Stack gap="xs">
          <Num
            label="Tolerance (± seconds)"
            value={d.tolerance}
            readOnly={ro}
            onChange={(tolerance) => set({ tolerance })}
          />
          <Text size="sm" c="dimmed">
            Fillers (jingles, bumpers) close the last seconds of the block:
          </Text>
          <FilterList
            name="Filler filter"
            items={d.fillers}
            readOnly={ro}
            empty="No fillers."
            onChange={(fillers) => set({ fillers })}
          />
        </Stack>
      </Fieldset>
      <Fieldset legend="Energy curve" radius="md">
        <Energy d={d} set={set} ro={ro} />
      </Fieldset>
    </Stack>
  );
}
