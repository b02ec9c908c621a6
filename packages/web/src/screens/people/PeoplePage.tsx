import { Stack, Tabs, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useStationRole, useStations } from '../../queries/station';
import { useSession } from '../../session/useSession';
import { roleAtLeast } from '../../session/roles';
import { ApiKeysPanel } from './ApiKeysPanel';
import { AuditPanel } from './AuditPanel';
import { MembersPanel } from './MembersPanel';
import { UsersPanel } from './UsersPanel';

export function PeoplePage() {
  const { stationId } = useParams({ from: '/app/stations/$stationId/people' });
  const station = useStations().data?.find((s) => s.id === stationId);
  const s = useSession();
  const global = s.status === 'authenticated' ? s.user.role : undefined;
  const stationRole = useStationRole(stationId);
  const admin = global === 'admin';
  // The audit API answers managers (their stations) and admins; others would get 403.
  const audit = roleAtLeast(global, 'manager');
  return (
    <Stack>
      <Title order={1}>People{station ? ` · ${station.name}` : ''}</Title>
      <Tabs defaultValue="members" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="members">Members</Tabs.Tab>
          {admin && <Tabs.Tab value="users">Users</Tabs.Tab>}
          <Tabs.Tab value="keys">API keys</Tabs.Tab>
          {audit && <Tabs.Tab value="audit">Audit log</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="members" pt="md">
          <MembersPanel stationId={stationId} manager={stationRole === 'manager'} />
        </Tabs.Panel>
        {admin && (
          <Tabs.Panel value="users" pt="md">
            <UsersPanel />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="keys" pt="md">
          <ApiKeysPanel />
        </Tabs.Panel>
        {audit && (
          <Tabs.Panel value="audit" pt="md">
            <AuditPanel stationId={stationId} admin={admin} />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
