import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { MediaPicker } from '../../ui/MediaPicker';
import type { ProgrammeSources } from '../../queries/programme-sources';
import { MINUTE_MS, SLOT_TYPES, slotProblem, type Slot, type SlotType } from './clock-model';

/** The chosen slot: when it starts, what it plays. */
export function SlotFields(props: {
  stationId: string;
  slot: Slot;
  position: number;
  sources: ProgrammeSources | undefined;
  editable: boolean;
  canRemove: boolean;
  onChange: (slot: Slot) => void;
  onRemove: () => void;
}) {
  const { slot } = props;
  const set = (payload: Slot['payload']) => props.onChange({ ...slot, payload });
  const source = (type: 'smart_block' | 'playlist' | 'webstream', key: keyof Slot['payload']) => (
    <Select
      label={SLOT_TYPES.find((t) => t.value === type)?.label}
      placeholder="Choose…"
      data={props.sources?.[type] ?? []}
      value={(slot.payload[key] as string | undefined) ?? null}
      onChange={(v) => set(v === null ? {} : { [key]: v })}
      disabled={!props.editable}
      searchable
      nothingFoundMessage="None on this station yet"
    />
  );
  const problem = slotProblem(slot);
  return (
    <Stack gap="xs" data-testid="slot-fields">
      <Group align="flex-end" wrap="wrap">
        <NumberInput
          label={`Slot ${props.position + 1} starts at minute`}
          min={0}
          max={59}
          w={190}
          value={Math.round(slot.offset_ms / MINUTE_MS)}
          onChange={(v) => props.onChange({ ...slot, offset_ms: Number(v) * MINUTE_MS })}
          disabled={!props.editable}
        />
        <Select
          label="Plays"
          w={220}
          data={SLOT_TYPES.map(({ value, label }) => ({ value, label }))}
          value={slot.type}
          allowDeselect={false}
          onChange={(v) => v && props.onChange({ ...slot, type: v as SlotType, payload: {} })}
          disabled={!props.editable}
        />
        {props.editable && props.canRemove && (
          <Button variant="subtle" color="red" onClick={props.onRemove}>
            Remove slot
          </Button>
        )}
      </Group>
      {slot.type === 'smart_block' && source('smart_block', 'smart_block_id')}
      {slot.type === 'playlist' && source('playlist', 'playlist_id')}
      {slot.type === 'webstream' && source('webstream', 'webstream_id')}
      {slot.type === 'hard_item' && (
        <MediaPicker
          stationId={props.stationId}
          label="Item (starts exactly at the slot's time)"
          value={slot.payload.media_id ?? null}
          onChange={(id) => set(id === null ? {} : { media_id: id })}
        />
      )}
      {slot.type === 'stopset' && (
        <Stack gap={4}>
          {(slot.payload.media_ids ?? []).map((id, i) => (
            <Group key={`${id}-${i}`} gap="xs" wrap="nowrap" align="flex-end">
              <div style={{ flex: 1 }}>
                <MediaPicker
                  stationId={props.stationId}
                  label={`Stopset item ${i + 1}`}
                  value={id}
                  onChange={(v) => {
                    const ids = [...(slot.payload.media_ids ?? [])];
                    if (v === null) ids.splice(i, 1);
                    else ids[i] = v;
                    set({ media_ids: ids });
                  }}
                />
              </div>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove stopset item ${i + 1}`}
                onClick={() =>
                  set({ media_ids: (slot.payload.media_ids ?? []).filter((_, j) => j !== i) })
                }
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <MediaPicker
            stationId={props.stationId}
            label="Add an item to the stopset"
            value={null}
            onChange={(v) => v && set({ media_ids: [...(slot.payload.media_ids ?? []), v] })}
          />
        </Stack>
      )}
      {slot.type === 'live' && (
        <TextInput
          label="Label (shown as the show's name)"
          value={slot.payload.label ?? ''}
          maxLength={200}
          onChange={(e) =>
            set(e.currentTarget.value === '' ? {} : { label: e.currentTarget.value })
          }
          disabled={!props.editable}
        />
      )}
      {problem && props.editable && (
        <Text size="sm" c="orange.8">
          To save: {problem}.
        </Text>
      )}
    </Stack>
  );
}
