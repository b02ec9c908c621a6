import {
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { Data } from '../../api/types';
import { CopyField } from '../../ui/CopyField';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useMounts } from '../../queries/station';

type Created = Data<'/api/v1/live/tokens', 'post'>;

/** The details to paste into BUTT or Mixxx; the password is never shown again. */
function ConnectionDetails({ token, onDone }: { token: Created; onDone: () => void }) {
  return (
    <Stack gap="sm" data-testid="token-details">
      <Alert color="yellow" variant="light" title="Shown once">
        Copy the password now: it is not stored and cannot be shown again. It opens one session
        before {new Date(token.expires_at).toLocaleString()}.
      </Alert>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <CopyField label="Host" value={token.host} />
        <CopyField label="Port" value={String(token.port)} />
        <CopyField label="Mount" value={token.path} />
        <CopyField label="User" value={token.username} />
      </SimpleGrid>
      <CopyField label="Password" value={token.password} secret />
      <Text size="sm" c="dimmed">
        BUTT: server type Icecast, mountpoint without the leading slash. Mixxx: type Icecast 2,
        mount as shown. Send MP3 at 128–192 kbit/s, 44.1 kHz.
      </Text>
      <Group>
        <Button variant="default" onClick={onDone}>
          Done, hide the password
        </Button>
      </Group>
    </Stack>
  );
}

export function TokenCard({ stationId }: { stationId: string }) {
  const mounts = useMounts(stationId);
  const [mountId, setMountId] = useState<string | null>(null);
  const [label, setLabel] = useState('');
  const [minutes, setMinutes] = useState<number | string>(60);
  const [created, setCreated] = useState<Created | undefined>();
  const chosen = mountId ?? mounts.data?.[0]?.id ?? null;
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/live/tokens', {
          body: {
            station_id: stationId,
            mount_id: chosen ?? '',
            expires_in_minutes: Number(minutes) || 60,
            ...(label.trim() !== '' && { label: label.trim() }),
          },
        }),
      ),
    onSuccess: (t) => setCreated(t),
  });
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="token-title">
      <Title order={2} size="h4" id="token-title" mb="xs">
        One-time DJ password
      </Title>
      {created ? (
        <ConnectionDetails
          token={created}
          onDone={() => {
            setCreated(undefined);
            create.reset();
          }}
        />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              For a guest DJ: a password that opens one live session on a mount.
            </Text>
            <Select
              label="Mount"
              data={(mounts.data ?? []).map((m) => ({ value: m.id, label: m.name }))}
              value={chosen}
              onChange={setMountId}
              allowDeselect={false}
              required
            />
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              <TextInput
                label="DJ name on air"
                placeholder="Night Shift"
                value={label}
                maxLength={200}
                onChange={(e) => setLabel(e.currentTarget.value)}
              />
              <NumberInput
                label="Valid for (minutes)"
                min={1}
                max={7 * 24 * 60}
                value={minutes}
                onChange={setMinutes}
              />
            </SimpleGrid>
            <ErrorNotice error={create.error} title="No password was created" />
            <Group>
              <Button type="submit" loading={create.isPending} disabled={chosen === null}>
                Create password
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Card>
  );
}
