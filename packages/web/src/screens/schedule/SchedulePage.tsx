import { Alert, Group, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { sourceName, useProgrammeSources } from '../../queries/programme-sources';
import { useStationRole, useStations } from '../../queries/station';
import { roleAtLeast } from '../../session/roles';
import { ErrorNotice } from '../../ui/ErrorNotice';
import {
  clockHourBlocks,
  conflictBlocks,
  dstNotes,
  occurrenceBlocks,
  type Conflict,
  type Occurrence,
} from './calendar-model';
import { entryChange, showChange, type Scope } from './changes';
import { FallbackCard } from './FallbackCard';
import { ConflictError, sendChange, useAfterWrite, useCalendar, useClockList } from './queries';
import { ScheduleCalendar, type MoveArgs } from './ScheduleCalendar';
import { ScopeModal } from './ScopeModal';
import { ShowEditor, type EditorTarget } from './ShowEditor';
import { WhatWillPlay } from './WhatWillPlay';

/** The station's week in its own time zone, the fallback, and the concrete plan. */
export function SchedulePage() {
  const { stationId } = useParams({ from: '/app/stations/$stationId/schedule' });
  const { date } = useSearch({ from: '/app/stations/$stationId/schedule' });
  const navigate = useNavigate({ from: '/stations/$stationId/schedule' });
  const station = useStations().data?.find((s) => s.id === stationId);
  const role = useStationRole(stationId);
  const manager = role === 'manager';
  const phone = useMediaQuery('(max-width: 48em)') ?? false;
  const [range, setRange] = useState<{ start: string; end: string }>();
  const calendar = useCalendar(stationId, range);
  const clocks = useClockList(stationId);
  const sources = useProgrammeSources(stationId).data;
  const afterWrite = useAfterWrite(stationId);
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const [moveError, setMoveError] = useState<unknown>();
  const [pending, setPending] = useState<MoveArgs>();
  const [editor, setEditor] = useState<EditorTarget>();
  const tz = station?.timezone ?? calendar.data?.timezone;

  const label = (o: Occurrence) => {
    if (o.name !== null) return o.name;
    const type = o.source?.type ?? 'entry';
    const clockName = clocks.data?.find((c) => c.id === o.source?.id)?.name;
    return sourceName(sources, type, o.source?.id) ?? clockName ?? type.replace('_', ' ');
  };
  const blocks = useMemo(() => {
    const d = calendar.data;
    if (d === undefined || tz === undefined) return [];
    return [
      ...clockHourBlocks(d.days, clocks.data ?? [], tz),
      ...conflictBlocks(conflicts),
      ...occurrenceBlocks(d.occurrences, conflicts, label),
    ];
    // label reads sources and clocks, both listed.
  }, [calendar.data, clocks.data, sources, conflicts, tz]);
  const dst = calendar.data && tz ? dstNotes(calendar.data.days, tz) : [];

  const apply = async (m: MoveArgs, scope: Scope) => {
    if (tz === undefined) return;
    setMoveError(undefined);
    try {
      const o = m.occurrence;
      if (o.kind === 'show') {
        const show = await unwrap(
          api.GET('/api/v1/shows/{id}', { params: { path: { id: o.id } } }),
        );
        await sendChange(showChange(show, o, m.start, m.end, scope, tz));
      } else {
        const entry = await unwrap(
          api.GET('/api/v1/schedule/{id}', { params: { path: { id: o.id } } }),
        );
        await sendChange(entryChange(entry, o, m.start, m.end, tz));
      }
      setConflicts([]);
      await afterWrite();
    } catch (e) {
      m.revert();
      setMoveError(e);
      if (e instanceof ConflictError) setConflicts(e.conflicts);
    }
  };
  const onMove = (m: MoveArgs) => {
    if (m.occurrence.kind === 'show' && m.occurrence.recurring) setPending(m);
    else void apply(m, 'all');
  };
  const open = async (o: Occurrence) => {
    if (o.kind !== 'show') return;
    try {
      const show = await unwrap(api.GET('/api/v1/shows/{id}', { params: { path: { id: o.id } } }));
      setEditor({ kind: 'edit', show, occurrence: o });
    } catch (e) {
      setMoveError(e);
    }
  };

  return (
    <Stack>
      <Group justify="space-between" align="baseline" wrap="wrap">
        <Title order={1}>Schedule{station ? ` · ${station.name}` : ''}</Title>
        {tz && (
          <Text size="sm" c="dimmed" data-testid="station-zone">
            Times in {tz}
          </Text>
        )}
      </Group>
      {manager && (
        <Text size="sm" c="dimmed">
          Drag across empty time to add a show; drag a show to move it, its lower edge to change its
          length; click it to edit.
        </Text>
      )}
      <ErrorNotice error={calendar.error ?? clocks.error} />
      {moveError !== undefined && <ErrorNotice error={moveError} title="The change was refused" />}
      {conflicts.length > 0 && (
        <Alert color="red" variant="light" title="Conflicts" data-testid="conflicts">
          {conflicts.map((c, i) => (
            <Text key={i} size="sm">
              Overlaps {c.ids.length - 1} other occurrence(s) from {fmt(c.starts_at, tz)} to{' '}
              {fmt(c.ends_at, tz)}
            </Text>
          ))}
        </Alert>
      )}
      {tz && (
        <ScheduleCalendar
          timezone={tz}
          initialDate={date}
          phone={phone}
          editable={manager}
          blocks={blocks}
          dst={dst}
          onRange={(r) => {
            setRange((prev) =>
              prev?.start === r.start && prev.end === r.end ? prev : { start: r.start, end: r.end },
            );
            if (r.date !== date) void navigate({ search: { date: r.date }, replace: true });
          }}
          onCreate={(start, end) => setEditor({ kind: 'new', start, end })}
          onMove={onMove}
          onOpen={(o) => void open(o)}
        />
      )}
      <Group gap="md" wrap="wrap" aria-label="Legend" role="group">
        {[
          ['grape', 'Live'],
          ['teal', 'Smart block'],
          ['blue', 'Playlist'],
          ['indigo', 'Clock (hours behind shows)'],
          ['cyan', 'Webstream'],
          ['gray', 'Calendar note (plays nothing)'],
        ].map(([c, l]) => (
          <Group key={l} gap={6}>
            <span
              style={{
                width: 12,
                height: 12,
                borderRadius: 3,
                background: `var(--mantine-color-${c}-filled)`,
                display: 'inline-block',
              }}
            />
            <Text size="xs">{l}</Text>
          </Group>
        ))}
      </Group>
      <FallbackCard
        stationId={stationId}
        sources={sources}
        manager={manager}
        onSaved={afterWrite}
      />
      {tz && (
        <WhatWillPlay
          stationId={stationId}
          timezone={tz}
          canRefresh={roleAtLeast(role, 'dj')}
          onRefreshed={afterWrite}
        />
      )}
      {pending && (
        <ScopeModal
          name={label(pending.occurrence)}
          onCancel={() => {
            pending.revert();
            setPending(undefined);
          }}
          onChoose={(scope) => {
            setPending(undefined);
            void apply(pending, scope);
          }}
        />
      )}
      {editor && tz && (
        <ShowEditor
          stationId={stationId}
          timezone={tz}
          target={editor}
          sources={sources}
          clocks={(clocks.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          manager={manager}
          onClose={() => setEditor(undefined)}
          onSaved={afterWrite}
          onConflicts={setConflicts}
        />
      )}
    </Stack>
  );
}

function fmt(iso: string, tz: string | undefined): string {
  return new Date(iso).toLocaleString('en-GB', {
    timeZone: tz,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}
