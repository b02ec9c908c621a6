import {
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useState } from 'react';
import { api } from '../../api/client';
import type { ProgrammeSources } from '../../queries/programme-sources';
import { ErrorNotice } from '../../ui/ErrorNotice';
import type { Conflict, Occurrence } from './calendar-model';
import { showChange, type Scope, type ShowRow } from './changes';
import { ConflictError, sendChange, withConflicts } from './queries';
import { fromRrule, toRrule, type Repeat } from './recurrence';
import { RecurrenceEditor } from './RecurrenceEditor';

export type EditorTarget =
  | { kind: 'new'; start: string; end: string }
  | { kind: 'edit'; show: ShowRow; occurrence: Occurrence };

const SOURCE_TYPES = [
  { value: 'none', label: 'Nothing (a calendar note only)' },
  { value: 'live', label: 'Live DJ' },
  { value: 'smart_block', label: 'Smart block' },
  { value: 'playlist', label: 'Playlist' },
  { value: 'clock', label: 'Clock' },
  { value: 'webstream', label: 'Webstream' },
];
type SourceType = 'live' | 'smart_block' | 'playlist' | 'clock' | 'webstream';

const localInput = (iso: string, tz: string) =>
  DateTime.fromISO(iso, { zone: tz }).toFormat("yyyy-LL-dd'T'HH:mm");
const fromLocal = (local: string, tz: string) =>
  DateTime.fromISO(local, { zone: tz }).toISO({ suppressMilliseconds: true }) ?? '';

/** A show: what it plays, when, how it repeats; for one occurrence, the following, or all. */
export function ShowEditor(props: {
  stationId: string;
  timezone: string;
  target: EditorTarget;
  sources: ProgrammeSources | undefined;
  clocks: { value: string; label: string }[];
  manager: boolean;
  onClose: () => void;
  onSaved: () => Promise<void>;
  onConflicts: (c: Conflict[]) => void;
}) {
  const tz = props.timezone;
  const t = props.target;
  const show = t.kind === 'edit' ? t.show : undefined;
  const occ = t.kind === 'edit' ? t.occurrence : undefined;
  const startIso = t.kind === 'new' ? t.start : t.occurrence.starts_at;
  const endIso = t.kind === 'new' ? t.end : t.occurrence.ends_at;
  const initialRepeat = show ? fromRrule(show.rrule, tz) : ({ kind: 'none' } as Repeat);
  const [name, setName] = useState(show?.name ?? '');
  const [host, setHost] = useState(show?.host ?? '');
  const [sourceType, setSourceType] = useState<string>(
    show ? (show.source?.type ?? 'none') : 'live',
  );
  const [sourceId, setSourceId] = useState<string | null>(show?.source?.id ?? null);
  const [start, setStart] = useState(localInput(startIso, tz));
  const [minutes, setMinutes] = useState(
    Math.round((Date.parse(endIso) - Date.parse(startIso)) / 60_000),
  );
  const [repeat, setRepeat] = useState<Repeat | undefined>(initialRepeat);
  const recurring = show?.rrule != null;
  const [scope, setScope] = useState<Scope>(recurring ? 'this' : 'all');
  const startDay = DateTime.fromISO(fromLocal(start, tz) || startIso, { zone: tz }).weekday;
  const needsId = sourceType !== 'none' && sourceType !== 'live';
  const idOptions =
    sourceType === 'clock' ? props.clocks : (props.sources?.[sourceType as 'playlist'] ?? []);
  // A live show's source id is its label on air (the planner names the live item after it).
  const source =
    sourceType === 'none'
      ? null
      : sourceType === 'live'
        ? { type: 'live' as const, id: name.trim() }
        : { type: sourceType as SourceType, ...(sourceId !== null && { id: sourceId }) };
  const save = useMutation({
    mutationFn: async () => {
      const startsAt = fromLocal(start, tz);
      const end = new Date(Date.parse(startsAt) + minutes * 60_000).toISOString();
      const rrule = repeat === undefined ? (show?.rrule ?? null) : toRrule(repeat, tz);
      const fields = { name: name.trim(), host: host.trim() === '' ? null : host.trim(), source };
      if (show === undefined || occ === undefined)
        return withConflicts(
          api.POST('/api/v1/shows', {
            body: {
              station_id: props.stationId,
              ...fields,
              starts_at: startsAt,
              duration_ms: minutes * 60_000,
              rrule,
            },
          }),
        );
      const change = showChange(show, occ, startsAt, end, scope, tz);
      if (scope === 'this') return sendChange(change);
      const ruleEdited = JSON.stringify(repeat) !== JSON.stringify(initialRepeat);
      const extra = { ...fields, ...(ruleEdited && { rrule }) };
      if (change.kind === 'split-show')
        return sendChange({ ...change, changes: { ...change.changes, ...extra } });
      if (change.kind === 'patch-show')
        return sendChange({ ...change, body: { ...change.body, ...extra } });
      return sendChange(change);
    },
    onSuccess: async () => {
      props.onConflicts([]);
      await props.onSaved();
      props.onClose();
    },
    onError: (e) => {
      if (e instanceof ConflictError) props.onConflicts(e.conflicts);
    },
  });
  const remove = useMutation({
    mutationFn: async (what: 'occurrence' | 'show') => {
      if (show === undefined || occ === undefined) return;
      if (what === 'show')
        return withConflicts(
          api.DELETE('/api/v1/shows/{id}', { params: { path: { id: show.id } } }),
        );
      const others = show.exceptions.filter((x) => x.original_starts_at !== occ.original_starts_at);
      return sendChange({
        kind: 'patch-show',
        id: show.id,
        body: {
          exceptions: [
            ...others,
            {
              original_starts_at: occ.original_starts_at,
              cancelled: true,
              starts_at: null,
              duration_ms: null,
            },
          ],
        },
      });
    },
    onSuccess: async () => {
      await props.onSaved();
      props.onClose();
    },
  });
  const ro = !props.manager;
  const onlyTiming = scope === 'this' && recurring;
  const valid =
    name.trim() !== '' && minutes >= 1 && start !== '' && (!needsId || sourceId !== null);
  return (
    <Modal opened onClose={props.onClose} title={show ? `Edit ${show.name}` : 'New show'} size="lg">
      <Stack
        gap="sm"
        component="form"
        aria-label={show ? 'Edit show' : 'New show'}
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) save.mutate();
        }}
      >
        {recurring && (
          <Stack gap={4}>
            <Text size="sm" fw={500} id="scope-label">
              Change
            </Text>
            <SegmentedControl
              aria-labelledby="scope-label"
              value={scope}
              onChange={(v) => setScope(v as Scope)}
              data={[
                { value: 'this', label: 'This occurrence' },
                { value: 'following', label: 'This and following' },
                { value: 'all', label: 'All' },
              ]}
              fullWidth
            />
          </Stack>
        )}
        <TextInput
          label="Show name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          disabled={ro || onlyTiming}
          required
          maxLength={200}
        />
        <TextInput
          label="Host"
          value={host}
          onChange={(e) => setHost(e.currentTarget.value)}
          disabled={ro || onlyTiming}
          maxLength={200}
        />
        <Group grow align="flex-start">
          <Select
            label="Plays"
            data={SOURCE_TYPES}
            value={sourceType}
            allowDeselect={false}
            disabled={ro || onlyTiming}
            onChange={(v) => {
              setSourceType(v ?? 'none');
              setSourceId(null);
            }}
          />
          {needsId && (
            <Select
              label="Source"
              placeholder="Choose…"
              data={idOptions}
              value={sourceId}
              onChange={setSourceId}
              disabled={ro || onlyTiming}
              searchable
              nothingFoundMessage="None on this station yet"
            />
          )}
        </Group>
        <Group grow align="flex-start">
          <TextInput
            type="datetime-local"
            label={`Starts (${tz})`}
            value={start}
            onChange={(e) => setStart(e.currentTarget.value)}
            disabled={ro}
            required
          />
          <NumberInput
            label="Length (minutes)"
            min={1}
            max={7 * 24 * 60}
            value={minutes}
            onChange={(v) => setMinutes(Number(v) || 0)}
            disabled={ro}
          />
        </Group>
        {!onlyTiming && (
          <RecurrenceEditor
            value={repeat}
            raw={show?.rrule ?? null}
            startDay={startDay}
            disabled={ro}
            onChange={setRepeat}
          />
        )}
        <ErrorNotice error={save.error ?? remove.error} />
        {props.manager && (
          <Group justify="space-between">
            <Group gap="xs">
              {recurring && (
                <Button
                  variant="subtle"
                  color="red"
                  onClick={() => remove.mutate('occurrence')}
                  loading={remove.isPending}
                >
                  Cancel this occurrence
                </Button>
              )}
              {show && (
                <Button
                  variant="subtle"
                  color="red"
                  onClick={() => remove.mutate('show')}
                  loading={remove.isPending}
                >
                  Delete show
                </Button>
              )}
            </Group>
            <Button type="submit" loading={save.isPending} disabled={!valid}>
              {show ? 'Save' : 'Create show'}
            </Button>
          </Group>
        )}
      </Stack>
    </Modal>
  );
}
