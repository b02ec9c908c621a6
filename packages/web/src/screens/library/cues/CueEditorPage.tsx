import { Alert, Anchor, Loader, Stack, Text, Title } from '@mantine/core';
import { useParams, useRouter } from '@tanstack/react-router';
import { ApiError } from '../../../api/client';
import { useMedia } from '../../../queries/media';
import { useStationRole } from '../../../queries/station';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { CueEditor } from './CueEditor';
import { useWaveform } from './queries';

/** /stations/{id}/library/{mediaId}: one item's cue points and fades on its waveform. */
export function CueEditorPage() {
  const { stationId, mediaId } = useParams({ from: '/app/stations/$stationId/library/$mediaId' });
  const router = useRouter();
  const media = useMedia(mediaId);
  const waveform = useWaveform(mediaId);
  const role = useStationRole(stationId);
  const libraryPath = `/stations/${stationId}/library`;
  const pending = waveform.error instanceof ApiError && waveform.error.code === 'analysis_pending';
  const m = media.data;

  return (
    <Stack>
      <Anchor
        href={libraryPath}
        size="sm"
        onClick={(e) => {
          e.preventDefault();
          router.history.push(libraryPath);
        }}
      >
        ← Library
      </Anchor>
      <div>
        <Title order={1}>Cue editor</Title>
        {m && (
          <Text c="dimmed" data-testid="cue-item-title">
            {m.artist ? `${m.artist} – ${m.title}` : m.title}
          </Text>
        )}
      </div>
      <ErrorNotice error={media.error} title="The item could not be loaded" />
      {m && m.station_id !== stationId && (
        <Alert color="yellow" title="Another station's item">
          This item belongs to another station; open it from that station&apos;s library.
        </Alert>
      )}
      {pending ? (
        <Alert color="blue" title="Not analysed yet">
          The media engine has not analysed this item, so there is no waveform to edit yet. This
          page updates by itself when the analysis is done.
        </Alert>
      ) : (
        <ErrorNotice error={waveform.error} title="The waveform could not be loaded" />
      )}
      {(media.isPending || waveform.isPending) && (
        <Stack align="center" py="xl" gap="xs">
          <Loader aria-label="Loading the waveform" />
          <Text size="sm" c="dimmed">
            Loading the item and its waveform…
          </Text>
        </Stack>
      )}
      {m && waveform.data && m.station_id === stationId && (
        <CueEditor
          key={`${m.id}:${waveform.data.duration_ms}`}
          media={m}
          waveform={waveform.data}
          editable={role === 'dj' || role === 'manager'}
          roleKnown={role !== undefined}
        />
      )}
    </Stack>
  );
}
