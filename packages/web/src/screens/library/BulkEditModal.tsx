import { Button, Checkbox, Group, Modal, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useBulkUpdate, type BulkChange } from './queries';

type Field = 'artist' | 'album' | 'genre';
const FIELDS: { key: Field; label: string }[] = [
  { key: 'artist', label: 'Artist' },
  { key: 'album', label: 'Album' },
  { key: 'genre', label: 'Genre' },
];

interface FieldState {
  on: boolean;
  value: string;
}

/**
 * One change to every selected item: fields ticked are set (empty clears them), tags are added
 * or removed while each item keeps its other tags.
 */
export function BulkEditModal(p: {
  stationId: string;
  ids: string[];
  opened: boolean;
  onClose: () => void;
  onDone: (changed: number) => void;
}) {
  const empty = { on: false, value: '' };
  const [fields, setFields] = useState<Record<Field, FieldState>>({
    artist: empty,
    album: empty,
    genre: empty,
  });
  const [add, setAdd] = useState<string[]>([]);
  const [remove, setRemove] = useState<string[]>([]);
  const bulk = useBulkUpdate(p.stationId);
  const change: BulkChange = {
    set: Object.fromEntries(
      FIELDS.filter((f) => fields[f.key].on).map((f) => {
        const v = fields[f.key].value.trim();
        return [f.key, v === '' ? null : v];
      }),
    ),
    add_tags: add,
    remove_tags: remove,
  };
  const nothing = Object.keys(change.set).length === 0 && add.length === 0 && remove.length === 0;
  const setField = (k: Field, s: Partial<FieldState>) =>
    setFields((f) => ({ ...f, [k]: { ...f[k], ...s } }));
  return (
    <Modal
      opened={p.opened}
      onClose={p.onClose}
      title={`Edit ${p.ids.length} items`}
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (nothing) return;
          bulk.mutate({ ids: p.ids, change }, { onSuccess: (n) => p.onDone(n) });
        }}
      >
        <Stack>
          {FIELDS.map((f) => (
            <Group key={f.key} align="flex-end" wrap="nowrap">
              <Checkbox
                label={`Set ${f.label.toLowerCase()}`}
                checked={fields[f.key].on}
                onChange={(e) => setField(f.key, { on: e.currentTarget.checked })}
                mb={8}
                style={{ flex: '0 0 7.5rem' }}
              />
              <TextInput
                label={`New ${f.label.toLowerCase()}`}
                placeholder={fields[f.key].on ? 'empty clears it' : 'unchanged'}
                value={fields[f.key].value}
                onChange={(e) => setField(f.key, { value: e.currentTarget.value, on: true })}
                style={{ flex: 1 }}
              />
            </Group>
          ))}
          <TagsInput label="Add tags" value={add} onChange={setAdd} clearable />
          <TagsInput label="Remove tags" value={remove} onChange={setRemove} clearable />
          <ErrorNotice error={bulk.error} title="Not every item was changed" />
          {bulk.isError && (
            <Text size="xs" c="dimmed">
              Items are changed 500 at a time; groups sent before the failure kept the change.
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={p.onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={nothing} loading={bulk.isPending}>
              Apply to {p.ids.length}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
