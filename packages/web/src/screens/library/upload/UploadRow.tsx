import { Badge, Button, Code, Group, Progress, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, unwrap } from '../../../api/client';
import {
  canRetry,
  color,
  fileSize,
  isActive,
  isFinished,
  label,
  percent,
  type UploadItem,
  type UploadState,
} from './upload-state';

// The analysis usually takes seconds; a poll this slow costs nothing on the server.
const ANALYSIS_POLL_MS = 1500;

/** Polls a stored item until the engine has analysed it, then reports the outcome once. */
function useAnalysis(mediaId: string | undefined, onDone: (state: UploadState) => void) {
  const q = useQuery({
    queryKey: ['media', mediaId, 'analysis'],
    queryFn: () => unwrap(api.GET('/api/v1/media/{id}', { params: { path: { id: mediaId! } } })),
    enabled: mediaId !== undefined,
    refetchInterval: (query) => {
      const s = query.state.data?.analysis_state;
      return s === 'complete' || s === 'failed' ? false : ANALYSIS_POLL_MS;
    },
  });
  const state = q.data?.analysis_state;
  useEffect(() => {
    if (mediaId === undefined) return;
    if (state === 'complete') onDone({ kind: 'analysed', mediaId });
    else if (state === 'failed')
      onDone({
        kind: 'failed',
        stage: 'analysis',
        failure: { message: q.data?.analysis_error ?? 'the engine could not analyse this file' },
      });
  }, [mediaId, state, onDone, q.data?.analysis_error]);
}

export function UploadRow({
  item,
  onState,
  onCancel,
  onRetry,
  onRemove,
}: {
  item: UploadItem;
  onState: (key: string, state: UploadState) => void;
  onCancel: (key: string) => void;
  onRetry: (key: string) => void;
  onRemove: (key: string) => void;
}) {
  const { state } = item;
  useAnalysis(state.kind === 'analysing' ? state.mediaId : undefined, (s) => onState(item.key, s));
  const pct = percent(state);
  const text = label(state);
  return (
    <Stack
      component="li"
      gap={6}
      py="xs"
      aria-label={`${item.name}: ${text}`}
      data-testid="upload-row"
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
        <Text fw={500} size="sm" style={{ overflowWrap: 'anywhere' }}>
          {item.name}
        </Text>
        <Badge
          color={color(state)}
          variant="filled"
          style={{ flexShrink: 0 }}
          data-testid="upload-state"
        >
          {text}
        </Badge>
      </Group>
      {pct !== undefined && (
        <Progress.Root size="sm">
          <Progress.Section
            value={pct}
            color={color(state)}
            animated={isActive(state) || state.kind === 'analysing'}
            aria-label={`${item.name} progress`}
          />
        </Progress.Root>
      )}
      {state.kind === 'failed' && (
        <div role="alert">
          <Text size="sm" c="red.9">
            {state.failure.message}
          </Text>
          {state.failure.requestId !== undefined && (
            <Text size="xs">
              request_id <Code>{state.failure.requestId}</Code>
            </Text>
          )}
        </div>
      )}
      <Group justify="space-between" gap="xs">
        <Text size="xs" c="dimmed">
          {fileSize(item.size)}
        </Text>
        <Group gap="xs">
          {(isActive(state) || state.kind === 'queued') && (
            <Button
              size="compact-xs"
              variant="subtle"
              color="gray"
              aria-label={`Cancel ${item.name}`}
              onClick={() => onCancel(item.key)}
            >
              Cancel
            </Button>
          )}
          {state.kind === 'failed' && state.stage === 'upload' && canRetry(state.failure) && (
            <Button
              size="compact-xs"
              variant="light"
              aria-label={`Retry ${item.name}`}
              onClick={() => onRetry(item.key)}
            >
              Retry
            </Button>
          )}
          {isFinished(state) && (
            <Button
              size="compact-xs"
              variant="subtle"
              color="gray"
              aria-label={`Remove ${item.name} from the list`}
              onClick={() => onRemove(item.key)}
            >
              Remove
            </Button>
          )}
        </Group>
      </Group>
    </Stack>
  );
}
