import { Badge, Button, Card, Group, List, Stack, Switch, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useStationRole, useStations } from '../../queries/station';
import { ConfirmDelete } from '../../ui/ConfirmDelete';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useWebstreamActions, useWebstreams, type TestResult, type Webstream } from './queries';
import { WebstreamForm } from './WebstreamForm';
import { urlHealth, type UrlHealth } from './webstream-urls';

function HealthBadge({ h }: { h: UrlHealth }) {
  const [color, text] =
    h.state === 'ok'
      ? ['teal', 'answering']
      : h.state === 'failed'
        ? ['red', 'failed']
        : h.state === 'not_reached'
          ? ['gray', 'not tried']
          : ['gray', 'not checked yet'];
  return (
    <Badge
      color={color}
      variant={h.state === 'ok' || h.state === 'failed' ? 'filled' : 'outline'}
      autoContrast
      size="sm"
      data-testid="url-health"
      style={{ flexShrink: 0 }}
    >
      {text}
    </Badge>
  );
}

/** A "test now" result as health: every URL was tried. */
const fromTest = (t: TestResult): UrlHealth[] =>
  t.results.map((r) =>
    r.ok
      ? { state: 'ok' }
      : {
          state: 'failed',
          // The error names its URL, which the row already shows.
          error: (r.error ?? 'failed').replace(`${r.url}: `, ''),
        },
  );

function WebstreamCard(props: {
  stationId: string;
  webstream: Webstream;
  manager: boolean;
  onEdit: () => void;
}) {
  const { webstream: w, manager } = props;
  const { test, remove, toggle } = useWebstreamActions(props.stationId, w.id);
  // A test answers for every URL; the stored health only up to the one that answered.
  const tested = test.data?.webstream_id === w.id ? test.data : undefined;
  const health = tested ? fromTest(tested) : urlHealth(w);
  const checkedAt = tested?.checked_at ?? w.last_checked_at;
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-label={w.name}
      data-testid="webstream"
    >
      <Group justify="space-between" mb="xs" wrap="nowrap" align="flex-start">
        <div style={{ minWidth: 0 }}>
          <Title order={2} size="h4">
            {w.name}
          </Title>
          <Text size="xs" c="dimmed">
            {checkedAt
              ? `${tested ? 'Tested' : 'Checked'} ${new Date(checkedAt).toLocaleString()}`
              : 'Not checked yet'}
          </Text>
        </div>
        <Badge color={w.active ? 'teal' : 'gray'} autoContrast style={{ flexShrink: 0 }}>
          {w.active ? 'active' : 'off'}
        </Badge>
      </Group>
      <List
        type="ordered"
        spacing={6}
        size="sm"
        aria-label={`URLs of ${w.name} in failover order`}
        styles={{ itemWrapper: { width: '100%' }, itemLabel: { width: '100%' } }}
      >
        {w.urls.map((url, i) => {
          const h = health[i] ?? { state: 'never' };
          return (
            <List.Item key={url} data-testid="webstream-url">
              <Group gap="xs" wrap="nowrap" justify="space-between">
                <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all', minWidth: 0 }}>
                  {url}
                </Text>
                <HealthBadge h={h} />
              </Group>
              {h.state === 'failed' && (
                <Text size="xs" c="red.9">
                  {h.error}
                </Text>
              )}
            </List.Item>
          );
        })}
      </List>
      {manager && (
        <Group gap="xs" mt="sm">
          <Button size="compact-sm" loading={test.isPending} onClick={() => test.mutate()}>
            Test now
          </Button>
          <Button
            size="compact-sm"
            variant="default"
            onClick={props.onEdit}
            aria-label={`Edit ${w.name}`}
          >
            Edit
          </Button>
          <Switch
            size="sm"
            label="Active"
            checked={w.active}
            disabled={toggle.isPending}
            onChange={(e) => toggle.mutate(e.currentTarget.checked)}
          />
          <ConfirmDelete
            name={w.name}
            pending={remove.isPending}
            onConfirm={() => remove.mutate()}
          />
        </Group>
      )}
      <ErrorNotice error={test.error ?? toggle.error ?? remove.error} />
    </Card>
  );
}

export function WebstreamsPage() {
  const { stationId } = useParams({ from: '/app/stations/$stationId/webstreams' });
  const station = useStations().data?.find((s) => s.id === stationId);
  const manager = useStationRole(stationId) === 'manager';
  const list = useWebstreams(stationId);
  // 'new', a webstream id being edited, or nothing.
  const [editing, setEditing] = useState<string | undefined>();
  const edited = list.data?.find((w) => w.id === editing);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Webstreams{station ? ` · ${station.name}` : ''}</Title>
        {manager && editing === undefined && (
          <Button onClick={() => setEditing('new')}>New webstream</Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        Remote streams the station relays in a schedule slot or clock. Health is checked every
        minute by the server.
      </Text>
      <ErrorNotice error={list.error} />
      {manager && editing !== undefined && (
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="ws-form">
          <Title order={2} size="h4" id="ws-form" mb="xs">
            {edited ? `Edit ${edited.name}` : 'New webstream'}
          </Title>
          <WebstreamForm
            key={editing}
            stationId={stationId}
            {...(edited && { webstream: edited })}
            onDone={() => setEditing(undefined)}
          />
        </Card>
      )}
      {list.data?.length === 0 && editing === undefined && (
        <Text c="dimmed">No webstreams yet.</Text>
      )}
      {list.data?.map((w) => (
        <WebstreamCard
          key={w.id}
          stationId={stationId}
          webstream={w}
          manager={manager}
          onEdit={() => setEditing(w.id)}
        />
      ))}
    </Stack>
  );
}
