import { Button, Card, Group, NumberInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { sourceName, useProgrammeSources } from '../../queries/programme-sources';
import { ErrorNotice } from '../../ui/ErrorNotice';
import {
  addSlot,
  slotProblem,
  slotTypeInfo,
  sortSlots,
  type Clock,
  type Slot,
} from './clock-model';
import { ClockTimeline } from './ClockTimeline';
import { HoursEditor } from './HoursEditor';
import { SimulatePanel } from './SimulatePanel';
import { SlotFields } from './SlotFields';

type Draft = Pick<Clock, 'name' | 'priority' | 'hours' | 'slots'>;

const NEW_CLOCK: Draft = {
  name: '',
  priority: 0,
  hours: [],
  slots: [{ offset_ms: 0, type: 'smart_block', payload: {} }],
};

/** One clock: its hour as a timeline, the chosen slot's source, its hours and priority. */
export function ClockEditor(props: {
  stationId: string;
  timezone: string;
  clock: Clock | undefined;
  manager: boolean;
  onSaved: (id: string) => void;
  onDeleted: () => void;
}) {
  const qc = useQueryClient();
  const sources = useProgrammeSources(props.stationId).data;
  const initial: Draft = props.clock ?? NEW_CLOCK;
  const [draft, setDraft] = useState<Draft>({ ...initial, slots: sortSlots(initial.slots) });
  const [selected, setSelected] = useState<number | undefined>(0);
  const [armed, setArmed] = useState(false);
  const dirty =
    JSON.stringify(draft) !== JSON.stringify({ ...initial, slots: sortSlots(initial.slots) });
  const setSlots = (slots: Slot[]) => setDraft({ ...draft, slots: sortSlots(slots) });
  const names = (s: Slot) =>
    sourceName(
      sources,
      s.type,
      s.payload.smart_block_id ?? s.payload.playlist_id ?? s.payload.webstream_id,
    ) ??
    (s.type === 'live'
      ? (s.payload.label ?? 'Live')
      : s.type === 'stopset'
        ? `${s.payload.media_ids?.length ?? 0} items`
        : slotProblem(s)
          ? 'not chosen'
          : slotTypeInfo(s.type).label);
  const invalidate = () => qc.invalidateQueries({ queryKey: ['station', props.stationId] });
  const save = useMutation({
    mutationFn: async () => {
      const body = { ...draft, name: draft.name.trim() };
      if (props.clock)
        return unwrap(
          api.PATCH('/api/v1/clocks/{id}', { params: { path: { id: props.clock.id } }, body }),
        );
      return unwrap(api.POST('/api/v1/clocks', { body: { station_id: props.stationId, ...body } }));
    },
    onSuccess: async (c) => {
      await invalidate();
      props.onSaved(c.id);
    },
  });
  const remove = useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE('/api/v1/clocks/{id}', { params: { path: { id: props.clock?.id ?? '' } } }),
      ),
    onSuccess: async () => {
      await invalidate();
      props.onDeleted();
    },
  });
  const chosen = selected === undefined ? undefined : draft.slots[selected];
  const problems = draft.slots.flatMap((s, i) => {
    const p = slotProblem(s);
    return p ? [`slot ${i + 1}: ${p}`] : [];
  });
  const canSave = props.manager && draft.name.trim() !== '' && problems.length === 0 && dirty;
  return (
    <Stack>
      <Card
        withBorder
        radius="md"
        padding="md"
        component="section"
        aria-labelledby="clock-hour-title"
      >
        <Group justify="space-between" align="flex-end" mb="sm" wrap="wrap">
          <TextInput
            label="Clock name"
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
            disabled={!props.manager}
            maxLength={200}
            style={{ flex: 1, minWidth: 200 }}
          />
          <NumberInput
            label="Priority"
            description="Highest wins a shared hour"
            value={draft.priority}
            min={-1000}
            max={1000}
            w={200}
            onChange={(v) => setDraft({ ...draft, priority: Number(v) || 0 })}
            disabled={!props.manager}
          />
        </Group>
        <Group justify="space-between" mb={6}>
          <Title order={2} size="h4" id="clock-hour-title">
            The hour
          </Title>
          {props.manager && (
            <Button
              size="xs"
              variant="default"
              onClick={() => {
                const next = addSlot(draft.slots);
                setSlots(next);
              }}
              disabled={draft.slots.length >= 120}
            >
              Add slot
            </Button>
          )}
        </Group>
        <Text size="sm" c="dimmed" mb="xs">
          Each slot runs from its start to the next slot's. Drag a handle (or focus it and use the
          arrow keys) to move where a slot starts.
        </Text>
        <ClockTimeline
          slots={draft.slots}
          names={names}
          editable={props.manager}
          selected={selected}
          onSelect={setSelected}
          onChange={setSlots}
        />
        {chosen && selected !== undefined && (
          <Stack mt="md">
            <SlotFields
              key={selected}
              stationId={props.stationId}
              slot={chosen}
              position={selected}
              sources={sources}
              editable={props.manager}
              canRemove={draft.slots.length > 1}
              onChange={(s) => setSlots(draft.slots.map((x, i) => (i === selected ? s : x)))}
              onRemove={() => {
                setSlots(draft.slots.filter((_, i) => i !== selected));
                setSelected(0);
              }}
            />
          </Stack>
        )}
      </Card>
      <Card
        withBorder
        radius="md"
        padding="md"
        component="section"
        aria-labelledby="clock-hours-title"
      >
        <Title order={2} size="h4" id="clock-hours-title" mb={4}>
          When it plays
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          Local days and hours in {props.timezone}. Shows and schedule entries take precedence.
        </Text>
        <HoursEditor
          rules={draft.hours}
          editable={props.manager}
          onChange={(hours) => setDraft({ ...draft, hours })}
        />
      </Card>
      {props.manager && (
        <Group>
          <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!canSave}>
            {props.clock ? 'Save clock' : 'Create clock'}
          </Button>
          {props.clock &&
            (armed ? (
              <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
                Delete {props.clock.name}
              </Button>
            ) : (
              <Button color="red" variant="outline" onClick={() => setArmed(true)}>
                Delete…
              </Button>
            ))}
          {problems.length > 0 && (
            <Text size="sm" c="orange.8">
              To save: {problems.join('; ')}.
            </Text>
          )}
        </Group>
      )}
      <ErrorNotice error={save.error ?? remove.error} />
      {props.clock && (
        <Card
          withBorder
          radius="md"
          padding="md"
          component="section"
          aria-labelledby="simulate-title"
        >
          <Title order={2} size="h4" id="simulate-title" mb="xs">
            Simulate
          </Title>
          <SimulatePanel clockId={props.clock.id} timezone={props.timezone} dirty={dirty} />
        </Card>
      )}
    </Stack>
  );
}
