import {
  Alert,
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useStationRole } from '../../queries/station';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { ScrollTable } from '../../ui/ScrollTable';
import { ListenerChart } from './ListenerChart';
import { presetRange, toInstants, type DayRange, type Preset } from './range';
import {
  download,
  useBreakdown,
  useListenerReport,
  useRoyalties,
  type Dimension,
  type Download,
  type Range,
} from './queries';

const PRESETS: [Preset, string][] = [
  ['today', 'Today'],
  ['yesterday', 'Yesterday'],
  ['last7', 'Last 7 days'],
  ['last30', 'Last 30 days'],
];
const DIMENSIONS: [Dimension, string, string][] = [
  ['mount', 'By mount', 'Mount'],
  ['client', 'By player', 'Player'],
  ['country', 'By country', 'Country'],
];
// Three decimals: a few short listens are thousandths of an hour, not nothing.
const num = (n: number) => n.toLocaleString(undefined, { maximumFractionDigits: 3 });

function DownloadButton({
  stationId,
  range,
  what,
  children,
}: {
  stationId: string;
  range: Range;
  what: Download;
  children: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <Stack gap={4}>
      <Button
        variant="light"
        size="xs"
        loading={busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          download(stationId, range, what)
            .catch(setError)
            .finally(() => setBusy(false));
        }}
      >
        {children}
      </Button>
      <ErrorNotice error={error} title="The download failed" />
    </Stack>
  );
}

function Figures({ stationId, range }: { stationId: string; range: Range }) {
  const q = useListenerReport(stationId, range);
  if (q.error) return <ErrorNotice error={q.error} />;
  const r = q.data;
  const cells: [string, string][] = r
    ? [
        ['Listening now', num(r.current)],
        ['Peak', num(r.totals.peak)],
        ['Average', num(r.totals.average)],
        ['Unique listeners', num(r.totals.unique)],
        ['Listening hours', num(r.totals.listening_hours)],
        ['Sessions', num(r.totals.sessions)],
      ]
    : [];
  return (
    <Stack>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} data-testid="report-figures">
        {cells.map(([label, value]) => (
          <Card key={label} withBorder padding="sm">
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text size="xl" fw={600} data-testid={`figure-${label}`}>
              {value}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      <Card withBorder>
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4">
            Listeners over time
          </Title>
          <DownloadButton
            stationId={stationId}
            range={range}
            what={{ report: 'listeners', format: 'csv' }}
          >
            Listeners CSV
          </DownloadButton>
        </Group>
        {r && <ListenerChart series={r.series} />}
        {r && (
          <details>
            <summary>
              <Text component="span" size="sm">
                Figures per{' '}
                {r.step_minutes >= 60 ? `${r.step_minutes / 60} h` : `${r.step_minutes} min`}
              </Text>
            </summary>
            <ScrollTable label="Listeners per point" minWidth={360}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>From</Table.Th>
                    <Table.Th>Peak</Table.Th>
                    <Table.Th>Average</Table.Th>
                    <Table.Th>Unique</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {r.series.map((p) => (
                    <Table.Tr key={p.at}>
                      <Table.Td>{new Date(p.at).toLocaleString()}</Table.Td>
                      <Table.Td>{p.peak}</Table.Td>
                      <Table.Td>{num(p.average)}</Table.Td>
                      <Table.Td>{p.unique}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          </details>
        )}
      </Card>
    </Stack>
  );
}

function BreakdownTable({
  stationId,
  range,
  by,
  label,
}: {
  stationId: string;
  range: Range;
  by: Dimension;
  label: string;
}) {
  const q = useBreakdown(stationId, range, by);
  if (q.error) return <ErrorNotice error={q.error} />;
  return (
    <Stack gap="xs">
      <Group justify="flex-end">
        <DownloadButton
          stationId={stationId}
          range={range}
          what={{ report: 'breakdown', by, format: 'csv' }}
        >
          {`${label} CSV`}
        </DownloadButton>
      </Group>
      <ScrollTable label={`Listening by ${label.toLowerCase()}`} minWidth={360}>
        <Table striped data-testid={`breakdown-${by}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{label}</Table.Th>
              <Table.Th>Listening hours</Table.Th>
              <Table.Th>Unique</Table.Th>
              <Table.Th>Sessions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {q.data?.rows.map((r) => (
              <Table.Tr key={r.key}>
                <Table.Td>{r.key}</Table.Td>
                <Table.Td>{num(r.listening_hours)}</Table.Td>
                <Table.Td>{r.unique}</Table.Td>
                <Table.Td>{r.sessions}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {q.data?.rows.length === 0 && (
        <Text size="sm" c="dimmed">
          No listeners in these days.
        </Text>
      )}
    </Stack>
  );
}

function Royalties({ stationId, range }: { stationId: string; range: Range }) {
  const q = useRoyalties(stationId, range);
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm" align="flex-start">
        <Title order={2} size="h4">
          Royalties
        </Title>
        <Group gap="xs" align="flex-start">
          <DownloadButton
            stationId={stationId}
            range={range}
            what={{ report: 'royalties', format: 'soundexchange' }}
          >
            SoundExchange report
          </DownloadButton>
          <DownloadButton
            stationId={stationId}
            range={range}
            what={{ report: 'royalties', format: 'csv' }}
          >
            Royalties CSV
          </DownloadButton>
          <DownloadButton
            stationId={stationId}
            range={range}
            what={{ report: 'plays', format: 'csv' }}
          >
            Plays CSV
          </DownloadButton>
        </Group>
      </Group>
      <ErrorNotice error={q.error} />
      <ScrollTable label="Plays and tuning hours per recording" minWidth={640}>
        <Table striped data-testid="royalties">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Artist</Table.Th>
              <Table.Th>Title</Table.Th>
              <Table.Th>ISRC</Table.Th>
              <Table.Th>Plays</Table.Th>
              <Table.Th>Performances</Table.Th>
              <Table.Th>Tuning hours</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {q.data?.items.slice(0, 100).map((r) => (
              <Table.Tr key={r.media_id}>
                <Table.Td>{r.artist}</Table.Td>
                <Table.Td>{r.title}</Table.Td>
                <Table.Td>{r.isrc}</Table.Td>
                <Table.Td>{r.plays}</Table.Td>
                <Table.Td>{r.performances}</Table.Td>
                <Table.Td>{r.aggregate_tuning_hours.toFixed(2)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {q.data && q.data.items.length > 100 && (
        <Text size="sm" c="dimmed" mt="xs">
          The 100 recordings with the most tuning hours of {q.data.items.length}; the downloads have
          them all.
        </Text>
      )}
    </Card>
  );
}

export function ReportsPage() {
  const { stationId } = useParams({ from: '/app/stations/$stationId/reports' });
  const role = useStationRole(stationId);
  const [days, setDays] = useState<DayRange>(() => presetRange('last7', new Date()));
  const instants = toInstants(days);
  const range = 'problem' in instants ? undefined : instants;
  const [tab, setTab] = useState<string | null>('mount');
  return (
    <Stack>
      <Title order={1}>Reports</Title>
      {role !== undefined && role !== 'manager' ? (
        <Alert color="gray">Reports need the manager role on this station.</Alert>
      ) : (
        <>
          <Card withBorder>
            <Group align="flex-end" wrap="wrap">
              <Group gap="xs" role="group" aria-label="Quick ranges">
                {PRESETS.map(([p, label]) => (
                  <Button
                    key={p}
                    variant="default"
                    size="xs"
                    onClick={() => setDays(presetRange(p, new Date()))}
                  >
                    {label}
                  </Button>
                ))}
              </Group>
              <TextInput
                type="date"
                label="First day"
                value={days.from}
                onChange={(e) => setDays({ ...days, from: e.currentTarget.value })}
              />
              <TextInput
                type="date"
                label="Last day"
                value={days.to}
                onChange={(e) => setDays({ ...days, to: e.currentTarget.value })}
              />
            </Group>
            {'problem' in instants && (
              <Text size="sm" c="red.8" mt="xs" role="alert">
                {instants.problem}
              </Text>
            )}
            <Text size="xs" c="dimmed" mt="xs">
              Days in your time zone ({Intl.DateTimeFormat().resolvedOptions().timeZone}).
            </Text>
          </Card>
          {range && (
            <>
              <Figures stationId={stationId} range={range} />
              <Card withBorder>
                <Title order={2} size="h4" mb="sm">
                  Who listened
                </Title>
                <Tabs value={tab} onChange={setTab}>
                  <Tabs.List>
                    {DIMENSIONS.map(([by, label]) => (
                      <Tabs.Tab key={by} value={by}>
                        {label}
                      </Tabs.Tab>
                    ))}
                  </Tabs.List>
                  {DIMENSIONS.map(([by, , label]) => (
                    <Tabs.Panel key={by} value={by} pt="sm">
                      {tab === by && (
                        <BreakdownTable stationId={stationId} range={range} by={by} label={label} />
                      )}
                    </Tabs.Panel>
                  ))}
                </Tabs>
              </Card>
              <Royalties stationId={stationId} range={range} />
            </>
          )}
        </>
      )}
    </Stack>
  );
}
