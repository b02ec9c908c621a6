import { Alert, Button, Card, Code, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { usePriority } from '../../queries/station';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { MediaPicker } from '../../ui/MediaPicker';

/** What the API answered, shown beside the control that asked (success or refusal). */
function Result({ text }: { text: string | undefined }) {
  if (text === undefined) return null;
  return (
    <Text size="sm" role="status" data-testid="control-result">
      {text}
    </Text>
  );
}

export function SkipControl({ stationId }: { stationId: string }) {
  const queries = useQueryClient();
  const skip = useMutation({
    mutationFn: async () => {
      const r = await api.POST('/api/v1/playout/skip', { body: { station_id: stationId } });
      await unwrap(Promise.resolve(r));
      return r.response.status;
    },
    onSettled: () => queries.invalidateQueries({ queryKey: ['station', stationId] }),
  });
  return (
    <Stack gap="xs">
      <Group>
        <Button onClick={() => skip.mutate()} loading={skip.isPending}>
          Skip
        </Button>
        <Result
          text={
            skip.data === 204
              ? 'Skipped: the next item is starting.'
              : skip.data === 202
                ? 'Accepted: the leader replica will skip.'
                : undefined
          }
        />
      </Group>
      <ErrorNotice error={skip.error} title="Skip refused" />
    </Stack>
  );
}

export function EmergencyControl({ stationId }: { stationId: string }) {
  const queries = useQueryClient();
  const priority = usePriority(stationId);
  const [mediaId, setMediaId] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [confirming, setConfirming] = useState(false);
  // The latest answer of either action (an insert's answer must not outlive its release).
  const [said, setSaid] = useState<string>();
  const refresh = () => queries.invalidateQueries({ queryKey: ['station', stationId] });
  const insert = useMutation({
    mutationFn: async (id: string) => {
      const r = await api.POST('/api/v1/priority/emergency', {
        body: { station_id: stationId, media_id: id },
      });
      const source = await unwrap(Promise.resolve(r));
      return { status: r.response.status, source };
    },
    onSuccess: (d) =>
      setSaid(
        d.status === 201
          ? `On air: the engine confirmed (priority ${d.source.id.slice(0, 8)}).`
          : 'Accepted: the leader replica will put it on air.',
      ),
    onSettled: refresh,
  });
  const release = useMutation({
    mutationFn: async (id: string) => {
      const r = await api.DELETE('/api/v1/priority/{id}', { params: { path: { id } } });
      await unwrap(Promise.resolve(r));
      return r.response.status;
    },
    onSuccess: (status) =>
      setSaid(
        status === 204
          ? 'Released: automation resumes.'
          : 'Release accepted: the leader replica will apply it.',
      ),
    onSettled: refresh,
  });
  const active = priority.data?.active_sources.filter((s) => s.tier_name === 'emergency') ?? [];
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="em-heading">
      <Title order={2} size="h4" id="em-heading" mb="sm">
        Emergency
      </Title>
      {active.map((s) => (
        <Alert key={s.id} color="red" variant="light" title="Emergency on air" mb="sm">
          <Group justify="space-between">
            <Text size="sm">
              Since {new Date(s.activated_at).toLocaleTimeString()} ·{' '}
              {s.on_air ? 'engine confirmed' : 'waiting for the engine'}
            </Text>
            <Button
              color="red"
              variant="outline"
              onClick={() => release.mutate(s.id)}
              loading={release.isPending}
            >
              Release emergency
            </Button>
          </Group>
        </Alert>
      ))}
      <Stack gap="xs">
        <MediaPicker
          stationId={stationId}
          label="Emergency item"
          value={mediaId}
          onChange={(id, t) => {
            setMediaId(id);
            setTitle(t);
          }}
        />
        <Group>
          <Button color="red" disabled={mediaId === null} onClick={() => setConfirming(true)}>
            Put on air now
          </Button>
          <Result text={said} />
        </Group>
        <ErrorNotice error={insert.error ?? release.error} title="Emergency refused" />
      </Stack>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Interrupt the programme?"
      >
        <Text size="sm">
          <Code>{title}</Code> goes on air at once, above automation and live DJs, until you release
          it.
        </Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
          <Button
            color="red"
            onClick={() => {
              setConfirming(false);
              if (mediaId) insert.mutate(mediaId);
            }}
          >
            Confirm emergency
          </Button>
        </Group>
      </Modal>
    </Card>
  );
}
