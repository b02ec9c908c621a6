import {
  Button,
  Card,
  Code,
  Group,
  List,
  Progress,
  Select,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api, unwrap } from '../../../api/client';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { importLine, isRunning, progressOf, type ImportJob } from './import-format';

const importsKey = (stationId: string) => ['imports', stationId] as const;

/**
 * Import a folder the server can read (under GRIMNIR_IMPORT_ROOT) into the library: the same
 * import as `grimnirradio import`, run by the server, with counts, pace and time left while it
 * runs and each failed file with its reason. Shown to DJs and up.
 */
export function ImportPanel({ stationId }: { stationId: string }) {
  const headingId = useId();
  const qc = useQueryClient();
  const [folder, setFolder] = useState<string | null>(null);
  const folders = useQuery({
    queryKey: [...importsKey(stationId), 'folders'],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/v1/imports/folders', {
          params: { query: { station_id: stationId } },
          signal,
        }),
      ),
  });
  const jobs = useQuery({
    queryKey: [...importsKey(stationId), 'jobs'],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/imports', { params: { query: { station_id: stationId } }, signal })),
    // `import` events refresh it as the job moves on; polling only covers a dropped socket.
    refetchInterval: (q) => (q.state.data?.some(isRunning) ? 5000 : false),
  });
  const start = useMutation({
    mutationFn: (f: string) =>
      unwrap(api.POST('/api/v1/imports', { body: { station_id: stationId, folder: f } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: importsKey(stationId) }),
  });
  const cancel = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/api/v1/imports/{id}', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: importsKey(stationId) }),
  });

  const latest: ImportJob | undefined = jobs.data?.[0];
  const running = latest !== undefined && isRunning(latest);
  // Imported files reach the library list as `media` events, like uploads (events.ts).

  const options = folders.data?.folders ?? [];
  return (
    <Card withBorder component="section" aria-labelledby={headingId} padding="md">
      <Stack gap="sm">
        <Title order={2} size="h3" id={headingId}>
          Import a server folder
        </Title>
        {options.length === 0 && !folders.isPending ? (
          <Text size="sm" c="dimmed">
            {folders.data?.root ? (
              <>
                No folders to import yet: put albums in a folder under{' '}
                <Code>{folders.data.root}</Code> on the server (GRIMNIR_IMPORT_ROOT) and they are
                offered here.
              </>
            ) : (
              <>
                No folders to import yet: an administrator puts albums in a folder under the
                server’s import folder (GRIMNIR_IMPORT_ROOT), and they are offered here.
              </>
            )}
          </Text>
        ) : (
          <Group align="flex-end" wrap="wrap">
            <Select
              label="Folder"
              placeholder="Choose a folder"
              data={options}
              value={folder}
              onChange={setFolder}
              searchable
              disabled={running}
              style={{ flex: '1 1 16rem' }}
            />
            <Button
              onClick={() => folder !== null && start.mutate(folder)}
              disabled={folder === null || running}
              loading={start.isPending}
            >
              Import
            </Button>
          </Group>
        )}
        <ErrorNotice error={folders.error ?? start.error ?? cancel.error} title="Import" />
        {latest !== undefined && (
          <JobStatus job={latest} onCancel={() => cancel.mutate(latest.id)} />
        )}
      </Stack>
    </Card>
  );
}

function JobStatus({ job, onCancel }: { job: ImportJob; onCancel: () => void }) {
  const running = isRunning(job);
  const { percent } = progressOf(job);
  return (
    <Stack gap={6} data-testid="import-job">
      {running && (
        <Progress
          value={job.state === 'scanning' ? 100 : percent}
          animated={job.state === 'scanning'}
          aria-label={`Import progress ${percent}%`}
        />
      )}
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Text size="sm" role="status" aria-live="polite" data-testid="import-status">
          {importLine(job)}
        </Text>
        {running && (
          <Button size="xs" variant="default" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </Group>
      {job.failures.length > 0 && (
        <List size="sm" data-testid="import-failures" aria-label="Files that failed">
          {job.failures.map((f) => (
            <List.Item key={f.path}>
              <Text span size="sm" fw={600}>
                {f.path}
              </Text>
              : {f.reason}
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
