import '@mantine/dropzone/styles.css';
import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { Dropzone, type FileRejection } from '@mantine/dropzone';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useStationRole } from '../../../queries/station';
import { roleAtLeast } from '../../../session/roles';
import { startUpload, type RunningUpload } from './tus-upload';
import { UploadRow } from './UploadRow';
import {
  isFinished,
  nextToStart,
  setState,
  summary,
  type UploadItem,
  type UploadState,
} from './upload-state';
import { libraryKey } from '../queries';

// What the file chooser offers; the server sniffs the bytes, so this only filters the dialog
// (a file with an unknown MIME type still passes on its extension).
const ACCEPT = {
  'audio/*': ['.mp3', '.aac', '.flac', '.ogg', '.oga', '.opus', '.wav', '.m4a', '.aif', '.aiff'],
};

let keys = 0;

/**
 * Drag-and-drop (or "Choose files") upload of many audio files to a station's library, over
 * tus: per-file progress, automatic resume after a dropped connection, then the analysis
 * followed until the engine has measured each file.
 */
export function UploadPanel({ stationId }: { stationId: string }) {
  const headingId = useId();
  const canUpload = roleAtLeast(useStationRole(stationId), 'dj');
  const qc = useQueryClient();
  const [items, setItems] = useState<UploadItem[]>([]);
  const [rejected, setRejected] = useState<string[]>([]);
  const files = useRef(new Map<string, File>());
  const running = useRef(new Map<string, RunningUpload>());
  const started = useRef(new Set<string>());
  const openRef = useRef<() => void>(null);

  const update = useCallback((key: string, state: UploadState) => {
    setItems((prev) => setState(prev, key, state));
  }, []);

  const begin = useCallback(
    (key: string, file: File) => {
      update(key, { kind: 'uploading', sent: 0, total: file.size });
      const done = () => running.current.delete(key);
      startUpload(file, stationId, {
        progress: (sent, total) => update(key, { kind: 'uploading', sent, total }),
        reconnecting: (sent, total) => update(key, { kind: 'reconnecting', sent, total }),
        stored: (mediaId) => {
          done();
          update(key, { kind: 'analysing', mediaId });
          // The library lists show the new item.
          void qc.invalidateQueries({ queryKey: ['media'] });
          void qc.invalidateQueries({ queryKey: libraryKey(stationId) });
        },
        failed: (failure) => {
          done();
          update(key, { kind: 'failed', stage: 'upload', failure });
        },
      }).then(
        (r) => running.current.set(key, r),
        (e: unknown) =>
          update(key, { kind: 'failed', stage: 'upload', failure: { message: String(e) } }),
      );
    },
    [stationId, update, qc],
  );

  // Queued files start as slots free up (the API caps uploads per user).
  useEffect(() => {
    for (const item of nextToStart(items)) {
      const file = files.current.get(item.key);
      if (!file || started.current.has(item.key)) continue;
      started.current.add(item.key);
      begin(item.key, file);
    }
  }, [items, begin]);

  // Leaving the page stops sending; what the server has is kept, so coming back resumes.
  useEffect(() => {
    const current = running.current;
    return () => {
      for (const r of current.values()) void r.abort(false);
    };
  }, []);

  const add = (dropped: File[]) => {
    const added = dropped.map((file) => {
      const key = `u${++keys}`;
      files.current.set(key, file);
      return { key, name: file.name, size: file.size, state: { kind: 'queued' } as const };
    });
    setRejected([]);
    setItems((prev) => [...prev, ...added]);
  };

  const cancel = (key: string) => {
    void running.current.get(key)?.abort(true);
    running.current.delete(key);
    update(key, { kind: 'cancelled' });
  };
  const retry = (key: string) => {
    started.current.delete(key);
    update(key, { kind: 'queued' });
  };
  const remove = (key: string) => {
    files.current.delete(key);
    started.current.delete(key);
    setItems((prev) => prev.filter((i) => i.key !== key));
  };
  const clearFinished = () => setItems((prev) => prev.filter((i) => !isFinished(i.state)));
  const onReject = (r: FileRejection[]) =>
    setRejected(r.map((x) => `${x.file.name}: not an audio file this library accepts`));

  return (
    <Card withBorder component="section" aria-labelledby={headingId} padding="md">
      <Stack gap="sm">
        <Group justify="space-between" align="baseline">
          <Title order={2} size="h3" id={headingId}>
            Upload
          </Title>
          <Text size="sm" c="dimmed" aria-live="polite" data-testid="upload-summary">
            {summary(items)}
          </Text>
        </Group>
        {canUpload ? (
          <Dropzone
            onDrop={add}
            onReject={onReject}
            accept={ACCEPT}
            multiple
            openRef={openRef}
            activateOnClick={false}
            activateOnKeyboard={false}
            useFsAccessApi={false}
            inputProps={{ 'aria-label': 'Audio files to upload' }}
            tabIndex={-1}
            data-testid="upload-dropzone"
          >
            <Stack align="center" gap={6} py="md" style={{ pointerEvents: 'none' }}>
              <Dropzone.Idle>
                <Text fw={500} ta="center">
                  Drop audio files here
                </Text>
              </Dropzone.Idle>
              <Dropzone.Accept>
                <Text fw={500} ta="center">
                  Release to upload
                </Text>
              </Dropzone.Accept>
              <Dropzone.Reject>
                <Text fw={500} ta="center" c="red.9">
                  Only audio files
                </Text>
              </Dropzone.Reject>
              <Text size="sm" c="dimmed" ta="center">
                MP3, AAC, FLAC, Ogg, Opus, WAV, M4A or AIFF — many at once. An upload cut off by the
                network resumes where it stopped.
              </Text>
              <Button style={{ pointerEvents: 'all' }} onClick={() => openRef.current?.()}>
                Choose files
              </Button>
            </Stack>
          </Dropzone>
        ) : (
          <Text size="sm" c="dimmed">
            Uploading needs the DJ role (or above) on this station.
          </Text>
        )}
        {rejected.map((r) => (
          <Text key={r} size="sm" c="red.9" role="alert">
            {r}
          </Text>
        ))}
        {items.length > 0 && (
          <Stack
            component="ul"
            gap={0}
            p={0}
            m={0}
            style={{ listStyle: 'none' }}
            aria-label="Uploads"
          >
            {items.map((item) => (
              <UploadRow
                key={item.key}
                item={item}
                onState={update}
                onCancel={cancel}
                onRetry={retry}
                onRemove={remove}
              />
            ))}
          </Stack>
        )}
        {items.some((i) => isFinished(i.state)) && (
          <Group justify="flex-end">
            <Button size="xs" variant="default" onClick={clearFinished}>
              Clear finished
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
