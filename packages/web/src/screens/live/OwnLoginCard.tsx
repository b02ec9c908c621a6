import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useSession } from '../../session/useSession';
import { CopyField } from '../../ui/CopyField';
import { useMounts } from '../../queries/station';
import { useIngest } from './queries';

/** DJs with an account connect with their own login: the same host and port, no token. */
export function OwnLoginCard({ stationId }: { stationId: string }) {
  const ingest = useIngest();
  const mounts = useMounts(stationId);
  const s = useSession();
  const mount = mounts.data?.[0];
  if (!ingest.data || !mount || s.status !== 'authenticated') return null;
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="own-title">
      <Title order={2} size="h4" id="own-title" mb="xs">
        Connect with your own login
      </Title>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <CopyField label="Server host" value={ingest.data.host} />
          <CopyField label="Server port" value={String(ingest.data.port)} />
          <CopyField label="Server mount" value={`/live/${mount.name}`} />
          <CopyField label="Your user name" value={s.user.username} />
        </SimpleGrid>
        <Text size="sm" c="dimmed">
          The password is your console password. Only members with the DJ or manager role on this
          station can go live.
        </Text>
      </Stack>
    </Card>
  );
}
