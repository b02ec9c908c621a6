import { Alert, Button, Checkbox, FileInput, Group, List, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { downloadExport, useImportPlaylist, type ImportReport } from './queries';

function Report({ report }: { report: ImportReport }) {
  const missed = report.unmatched.length;
  return (
    <Alert
      color={missed > 0 ? 'yellow' : 'teal'}
      variant="light"
      title={`Imported ${report.matched} of ${report.entries} entries`}
      role="status"
      data-testid="import-report"
    >
      <Text size="sm">
        {report.matched_by_path} matched by file name, {report.matched_by_tags} by artist and title
        {missed > 0 ? `; ${missed} matched no track in the library:` : '.'}
      </Text>
      {missed > 0 && (
        <List size="sm" mt={4} spacing={2}>
          {report.unmatched.map((u) => (
            <List.Item key={`${u.line}:${u.entry}`} data-testid="unmatched-entry">
              Line {u.line}:{' '}
              <Text span ff="monospace" size="sm" style={{ wordBreak: 'break-all' }}>
                {u.entry}
              </Text>{' '}
              — {u.reason}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

/** Export as .m3u or .pls; import a file, matched on the server, with what did not match. */
export function ImportExport(props: { stationId: string; playlistId: string; canEdit: boolean }) {
  const [file, setFile] = useState<File | null>(null);
  const [replace, setReplace] = useState(false);
  const imp = useImportPlaylist(props.stationId, props.playlistId);
  const exp = useMutation({
    mutationFn: (format: 'm3u' | 'pls') => downloadExport(props.playlistId, format),
  });
  return (
    <Stack gap="sm">
      <Group gap="xs">
        <Button
          variant="default"
          size="sm"
          loading={exp.isPending}
          onClick={() => exp.mutate('m3u')}
        >
          Export .m3u
        </Button>
        <Button
          variant="default"
          size="sm"
          loading={exp.isPending}
          onClick={() => exp.mutate('pls')}
        >
          Export .pls
        </Button>
      </Group>
      <ErrorNotice error={exp.error} title="The export failed" />
      {props.canEdit && (
        <form
          aria-label="Import a playlist file"
          onSubmit={(e) => {
            e.preventDefault();
            if (file) void file.text().then((content) => imp.mutate({ content, replace }));
          }}
        >
          <Stack gap="xs">
            <FileInput
              label="Playlist file (.m3u, .m3u8, .pls)"
              // A file input's placeholder is a text span: in the dimmed colour, not the
              // input placeholder grey that axe finds under 4.5:1.
              placeholder="Choose a file"
              styles={{ placeholder: { color: 'var(--mantine-color-dimmed)' } }}
              accept=".m3u,.m3u8,.pls,audio/x-mpegurl,audio/x-scpls"
              value={file}
              onChange={setFile}
              clearable
              clearButtonProps={{ 'aria-label': 'Clear the chosen file' }}
            />
            <Checkbox
              label="Replace the playlist’s items (otherwise append)"
              checked={replace}
              onChange={(e) => setReplace(e.currentTarget.checked)}
            />
            <Group>
              <Button type="submit" size="sm" disabled={!file} loading={imp.isPending}>
                Import
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      <ErrorNotice error={imp.error} title="The import failed" />
      {imp.data && <Report report={imp.data} />}
    </Stack>
  );
}
