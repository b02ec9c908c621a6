import { Badge, Button, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Data } from '../../../api/types';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import {
  changedFields,
  type CuePositions,
  effectivePosition,
  formatMs,
  fromMedia,
  MARKERS,
  type Marker,
  markerIssues,
  moveMarker,
  toPatch,
} from './cue-model';
import { CueField } from './CueField';
import { fetchAudio, useSaveCues } from './queries';
import { Waveform, type WaveformHandle } from './Waveform';

type Media = Data<'/api/v1/media/{id}'>;
type MediaWaveform = Data<'/api/v1/media/{id}/waveform'>;

const AROUND_MS = 2_500;
const TAIL_MS = 5_000;

interface Props {
  media: Media;
  waveform: MediaWaveform;
  editable: boolean;
  roleKnown: boolean;
}

export function CueEditor({ media, waveform, editable, roleKnown }: Props) {
  const durationMs = waveform.duration_ms;
  const [positions, setPositions] = useState<CuePositions>(() => fromMedia(media, durationMs));
  const [playing, setPlaying] = useState(false);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [loadingAudio, setLoadingAudio] = useState(false);
  const wave = useRef<WaveformHandle>(null);
  const save = useSaveCues(media.id);

  const issues = useMemo(() => markerIssues(positions, durationMs), [positions, durationMs]);
  const changed = changedFields(positions, media, durationMs);
  const dirty = changed.length > 0;
  const valid = Object.keys(issues).length === 0;

  // Leaving with unsaved edits asks first (closing the tab, reloading).
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const set = (marker: Marker, ms: number | null) => {
    save.reset();
    setPositions((p) => moveMarker(p, marker, ms, durationMs));
  };

  const play = (fromMs: number, toMs: number) => {
    setPreviewError(null);
    setLoadingAudio(true);
    wave.current
      ?.playRange(fromMs, toMs)
      .catch((e: unknown) => setPreviewError(e))
      .finally(() => setLoadingAudio(false));
  };
  const at = (m: Marker) => effectivePosition(positions, m, durationMs);

  return (
    <Stack>
      <Card withBorder padding="sm" component="section" aria-labelledby="cue-wave-title">
        <Group justify="space-between" mb="xs" wrap="wrap" gap="xs">
          <Text id="cue-wave-title" fw={600}>
            Waveform · {formatMs(durationMs)}
          </Text>
          <Group gap="xs">
            {dirty ? (
              <Badge color="red.9" variant="filled" data-testid="cue-dirty">
                Unsaved changes
              </Badge>
            ) : (
              <Badge color="gray" variant="light" data-testid="cue-dirty">
                Saved
              </Badge>
            )}
          </Group>
        </Group>
        <Waveform
          ref={wave}
          peaks={waveform.peaks}
          durationMs={durationMs}
          positions={positions}
          editable={editable}
          loadAudio={() => fetchAudio(media.id)}
          onMove={(m, ms) => set(m, ms)}
          onPlayingChange={setPlaying}
        />
        <Group mt="sm" gap="xs" wrap="wrap">
          <Button
            variant="light"
            onClick={() => play(at('cueIn'), at('cueOut'))}
            loading={loadingAudio && !playing}
          >
            Play from cue-in
          </Button>
          <Button variant="light" onClick={() => play(at('cueOut') - TAIL_MS, at('cueOut'))}>
            Play the last 5 s
          </Button>
          <Button
            variant="light"
            onClick={() => {
              const p = wave.current?.playheadMs() ?? 0;
              play(p - AROUND_MS, p + AROUND_MS);
            }}
          >
            Play around the playhead
          </Button>
          <Button variant="default" onClick={() => wave.current?.stop()} disabled={!playing}>
            Stop
          </Button>
        </Group>
        <Text size="xs" c="dimmed" mt="xs">
          Click the waveform to move the playhead; drag a marker to move that cue point. Previews
          apply the fades.
        </Text>
        <ErrorNotice error={previewError} title="The preview could not start" />
      </Card>

      <Card withBorder padding="sm" component="section" aria-labelledby="cue-fields-title">
        <Text id="cue-fields-title" fw={600} mb="xs">
          Cue points
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" verticalSpacing="sm">
          {MARKERS.map((m) => (
            <CueField
              key={m}
              marker={m}
              value={positions[m]}
              durationMs={durationMs}
              issue={issues[m]}
              editable={editable}
              onChange={(ms) => set(m, ms)}
              onSetToPlayhead={() => set(m, wave.current?.playheadMs() ?? 0)}
              onPreview={() => play(at(m) - AROUND_MS, at(m) + AROUND_MS)}
            />
          ))}
        </SimpleGrid>
        <FadeSummary positions={positions} durationMs={durationMs} />
        {editable ? (
          <Group mt="md" gap="xs">
            <Button
              onClick={() => save.mutate(toPatch(positions, durationMs))}
              disabled={!dirty || !valid}
              loading={save.isPending}
            >
              Save
            </Button>
            <Button
              variant="default"
              disabled={!dirty}
              onClick={() => {
                save.reset();
                setPositions(fromMedia(media, durationMs));
              }}
            >
              Reset
            </Button>
            {save.isSuccess && !dirty && (
              <Text size="sm" c="teal.9" role="status">
                Saved: the director plays the item with these cues from its next start.
              </Text>
            )}
          </Group>
        ) : (
          roleKnown && (
            <Text size="sm" c="dimmed" mt="md">
              Editing cue points needs the DJ role on this station.
            </Text>
          )
        )}
        <ErrorNotice error={save.error} title="The cue points were not saved" />
      </Card>
    </Stack>
  );
}

function FadeSummary({ positions, durationMs }: { positions: CuePositions; durationMs: number }) {
  const patch = toPatch(positions, durationMs);
  const plays = (positions.cueOut ?? durationMs) - (positions.cueIn ?? 0);
  return (
    <Text size="sm" c="dimmed" mt="sm" data-testid="cue-summary">
      Plays {formatMs(Math.max(0, plays))} · fade-in {formatMs(patch.fade_in_ms ?? 0)} · fade-out{' '}
      {formatMs(patch.fade_out_ms ?? 0)}
    </Text>
  );
}
