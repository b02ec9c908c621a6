import { Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { alerts, levels, listeners } from '../../events/events';
import { useLive } from '../../events/live-store';
import { useMounts } from '../../queries/station';
import { useListenerSnapshot } from '../../queries/listener-snapshot';
import { timeOfDay } from '../../ui/format';

const FLOOR_DB = -60;
const pct = (db: number | undefined) =>
  db === undefined ? 0 : Math.max(0, Math.min(100, ((db - FLOOR_DB) / -FLOOR_DB) * 100));

/** Output level per channel from the `levels` events: a fixed-size bar, no layout shift. */
function Meter({ label, rms, peak }: { label: string; rms?: number; peak?: number }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="xs" w={12} aria-hidden>
        {label}
      </Text>
      <div
        role="meter"
        aria-label={`Level ${label}`}
        aria-valuemin={FLOOR_DB}
        aria-valuemax={0}
        aria-valuenow={Math.round(peak ?? FLOOR_DB)}
        style={{
          position: 'relative',
          flex: 1,
          height: 10,
          borderRadius: 2,
          background: 'var(--mantine-color-default-border)',
          overflow: 'hidden',
        }}
      >
        <div
          style={{
            position: 'absolute',
            inset: 0,
            width: `${pct(rms)}%`,
            background: 'var(--mantine-color-teal-9)',
            transition: 'width 120ms linear',
          }}
        />
        <div
          style={{
            position: 'absolute',
            top: 0,
            bottom: 0,
            left: `calc(${pct(peak)}% - 2px)`,
            width: 2,
            background:
              (peak ?? FLOOR_DB) > -1 ? 'var(--mantine-color-red-9)' : 'var(--mantine-color-text)',
          }}
        />
      </div>
      <Text size="xs" ff="monospace" w={64} ta="right">
        {peak === undefined ? '—' : `${peak.toFixed(1)} dB`}
      </Text>
    </Group>
  );
}

export function LiveStatus({ stationId }: { stationId: string }) {
  const lv = useLive(levels, stationId);
  const live = useLive(listeners, stationId);
  const snapshot = useListenerSnapshot(stationId);
  const recent = useLive(alerts, stationId) ?? [];
  const mounts = useMounts(stationId).data ?? [];
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="live-heading">
      <Title order={2} size="h4" id="live-heading" mb="sm">
        Output
      </Title>
      <Stack gap={6}>
        <Meter label="L" rms={lv?.rms_dbfs[0]} peak={lv?.peak_dbfs[0]} />
        <Meter
          label="R"
          rms={lv?.rms_dbfs[1] ?? lv?.rms_dbfs[0]}
          peak={lv?.peak_dbfs[1] ?? lv?.peak_dbfs[0]}
        />
      </Stack>
      <Text size="sm" fw={600} mt="md">
        Listeners now
      </Text>
      <List
        listStyleType="none"
        spacing={2}
        aria-label="Listeners per mount"
        data-testid="onair-listeners"
      >
        {mounts.map((m) => (
          <List.Item key={m.id}>
            <Group justify="space-between">
              <Text size="sm">/{m.name}</Text>
              <Text size="sm" ff="monospace" data-mount={m.name}>
                {live?.[m.name] ?? snapshot?.[m.name] ?? '—'}
              </Text>
            </Group>
          </List.Item>
        ))}
      </List>
      <Text size="sm" fw={600} mt="md">
        Alerts
      </Text>
      {recent.length === 0 ? (
        <Text size="sm" c="dimmed">
          None since this page opened.
        </Text>
      ) : (
        <List spacing={2} aria-live="polite" aria-label="Alerts">
          {recent.slice(0, 5).map((a) => (
            <List.Item key={a.id}>
              <Text size="sm" c="red.9">
                {timeOfDay(a.at)} {a.text}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
    </Card>
  );
}
