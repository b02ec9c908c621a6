import { Badge, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { fetchSchedule, groupByDay, timeRange, type ScheduleItem } from './schedule';

// The programme changes rarely; a listener who keeps the page open sees it move on.
const REFRESH_MS = 120_000;

type State =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; items: ScheduleItem[] };

function useSchedule(slug: string): State {
  const [state, setState] = useState<State>({ status: 'loading' });
  useEffect(() => {
    let cancelled = false;
    const load = () =>
      fetchSchedule(slug).then(
        (items) => !cancelled && setState({ status: 'ready', items }),
        (err: Error) => !cancelled && setState({ status: 'error', message: err.message }),
      );
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [slug]);
  return state;
}

/** The week ahead, by the listener's own days and clock. */
export function Schedule({ slug }: { slug: string }) {
  const state = useSchedule(slug);
  return (
    <Stack gap={6} component="section" aria-labelledby="schedule-title">
      <Title order={3} size="h5" id="schedule-title">
        Schedule
      </Title>
      {state.status === 'loading' && <Loader size="sm" aria-label="Loading the schedule" />}
      {state.status === 'error' && (
        <Text c="dimmed" size="sm" role="alert">
          {state.message}
        </Text>
      )}
      {state.status === 'ready' && state.items.length === 0 && (
        <Text c="dimmed" size="sm">
          Nothing is scheduled this week: music all day.
        </Text>
      )}
      {state.status === 'ready' &&
        groupByDay(state.items).map((day) => (
          <Stack key={day.label} gap={2} data-testid="schedule-day">
            <Text size="sm" fw={700}>
              {day.label}
            </Text>
            {day.items.map((item) => (
              <Group
                key={`${item.id}-${item.start_timestamp}`}
                gap="sm"
                wrap="nowrap"
                align="baseline"
                data-testid="schedule-item"
              >
                <Text
                  size="sm"
                  c="dimmed"
                  style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
                >
                  {timeRange(item)}
                </Text>
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={item.is_now ? 700 : 400} lineClamp={1}>
                      {item.title}
                    </Text>
                    {item.is_now && (
                      <Badge size="xs" color="red.8" variant="filled">
                        On now
                      </Badge>
                    )}
                  </Group>
                  {item.description && (
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      {item.description}
                    </Text>
                  )}
                </Stack>
              </Group>
            ))}
          </Stack>
        ))}
    </Stack>
  );
}
