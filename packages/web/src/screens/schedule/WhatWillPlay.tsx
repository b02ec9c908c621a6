import {
  Badge,
  Box,
  Button,
  Card,
  Group,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { clock as duration } from '../../ui/format';
import { sourceColor } from './calendar-model';
import { itemTitle, planRows, type PlanItem } from './plan-view';
import { usePlan } from './queries';

const HOUR_MS = 3_600_000;
const colorOf = (i: PlanItem) => sourceColor(i.kind === 'live' ? 'live' : i.source_type);

/** The concrete plan from now on: every item with its time, hard starts marked, gaps shown. */
export function WhatWillPlay(props: {
  stationId: string;
  timezone: string;
  canRefresh: boolean;
  onRefreshed: () => Promise<void>;
}) {
  const [hours, setHours] = useState('6');
  // The window starts at the top of the current hour; it moves when the page is reopened.
  const start = useMemo(
    () => new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS).toISOString(),
    [],
  );
  const end = new Date(Date.parse(start) + Number(hours) * HOUR_MS).toISOString();
  const plan = usePlan(props.stationId, start, end);
  const refresh = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/schedule/refresh', { body: { station_id: props.stationId } })),
    onSuccess: props.onRefreshed,
  });
  const items = plan.data ?? [];
  const rows = planRows(items);
  const t0 = Date.parse(start);
  const span = Date.parse(end) - t0;
  const time = (iso: string) =>
    DateTime.fromISO(iso, { zone: props.timezone }).toFormat('ccc HH:mm:ss');
  const pct = (iso: string) =>
    `${Math.min(100, Math.max(0, ((Date.parse(iso) - t0) / span) * 100))}%`;
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="plan-title">
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Title order={2} size="h4" id="plan-title">
          What will play
        </Title>
        <Group gap="xs">
          <SegmentedControl
            size="xs"
            aria-label="Hours shown"
            value={hours}
            onChange={setHours}
            data={[
              { value: '6', label: '6 h' },
              { value: '24', label: '24 h' },
              { value: '48', label: '48 h' },
            ]}
          />
          {props.canRefresh && (
            <Button
              size="xs"
              variant="default"
              onClick={() => refresh.mutate()}
              loading={refresh.isPending}
            >
              Rebuild plan now
            </Button>
          )}
        </Group>
      </Group>
      <ErrorNotice error={plan.error ?? refresh.error} />
      <Box
        display={items.length === 0 ? 'none' : undefined}
        pos="relative"
        h={20}
        mb="sm"
        aria-hidden
        style={{
          borderRadius: 4,
          overflow: 'hidden',
          background: 'var(--mantine-color-default-hover)',
        }}
      >
        {items.map((i) => (
          <Box
            key={i.id}
            pos="absolute"
            top={0}
            bottom={0}
            style={{
              left: pct(i.starts_at),
              width: `calc(${pct(i.ends_at)} - ${pct(i.starts_at)})`,
              background: `var(--mantine-color-${colorOf(i)}-filled)`,
              borderRight: '1px solid var(--mantine-color-body)',
            }}
          />
        ))}
        {items
          .filter((i) => i.hard_start)
          .map((i) => (
            <Box
              key={`h${i.id}`}
              pos="absolute"
              top={0}
              bottom={0}
              w={3}
              style={{ left: pct(i.starts_at), background: 'var(--mantine-color-red-filled)' }}
            />
          ))}
      </Box>
      {plan.isSuccess && items.length === 0 && (
        <Text size="sm" c="dimmed">
          Nothing planned in this window yet: the scheduler plans ahead on its next tick, or now
          with “Rebuild plan now”.
        </Text>
      )}
      <Stack
        gap={0}
        role="list"
        aria-label="Planned items"
        mah={520}
        style={{ overflowY: 'auto' }}
        tabIndex={0}
      >
        {rows.map((r) =>
          r.kind === 'gap' ? (
            <Group key={`gap${r.starts_at}`} role="listitem" py={4} data-testid="plan-gap">
              <Badge color="red.8">gap</Badge>
              <Text size="sm" c="red">
                {time(r.starts_at)} – {time(r.ends_at)}: nothing planned
              </Text>
            </Group>
          ) : (
            <Group
              key={r.item.id}
              role="listitem"
              gap="sm"
              py={4}
              wrap="nowrap"
              data-testid="plan-item"
              data-hard-start={r.item.hard_start ? 'true' : undefined}
              style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
            >
              <Text size="sm" ff="monospace" w={110} style={{ flexShrink: 0 }}>
                {time(r.item.starts_at)}
              </Text>
              <Box
                w={4}
                style={{
                  alignSelf: 'stretch',
                  flexShrink: 0,
                  borderRadius: 2,
                  background: `var(--mantine-color-${colorOf(r.item)}-filled)`,
                }}
              />
              <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                <Text size="sm" truncate>
                  {itemTitle(r.item)}
                </Text>
                <Group gap={6}>
                  <Text size="xs" c="dimmed">
                    {duration(Date.parse(r.item.ends_at) - Date.parse(r.item.starts_at))}
                  </Text>
                  {r.item.hard_start && (
                    <Badge size="xs" color="red.8">
                      hard start
                    </Badge>
                  )}
                </Group>
              </Stack>
            </Group>
          ),
        )}
      </Stack>
    </Card>
  );
}
