import { Badge, Card, Group, Table, Text, Title } from '@mantine/core';
import { useHistory } from '../../queries/station';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { timeOfDay, tierColor, tierLabel } from '../../ui/format';

/** The last 20 plays as heard (GET /stations/{id}/history). */
export function History({ stationId }: { stationId: string }) {
  const history = useHistory(stationId);
  const items = history.data?.items ?? [];
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="hist-heading">
      <Title order={2} size="h4" id="hist-heading" mb="sm">
        Last plays
      </Title>
      <ErrorNotice error={history.error} title="Could not read the history" />
      {items.length === 0 && !history.isPending ? (
        <Text c="dimmed" size="sm">
          Nothing has played yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={320}>
          <Table striped verticalSpacing={4} aria-labelledby="hist-heading">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={90}>Started</Table.Th>
                <Table.Th>Title</Table.Th>
                <Table.Th w={110}>Source</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td ff="monospace">{timeOfDay(p.started_at)}</Table.Td>
                  <Table.Td>
                    {/* The play's title as it was announced on air: "Artist - Title" already. */}
                    <Text size="sm" lineClamp={1} title={p.title}>
                      {p.title}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Badge size="xs" variant="outline" color={tierColor(p.tier_name)}>
                        {tierLabel(p.tier_name)}
                      </Badge>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
