import {
  Alert,
  Anchor,
  Badge,
  Button,
  Drawer,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useRouter } from '@tanstack/react-router';
import { useState } from 'react';
import { useMedia } from '../../queries/media';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { clock } from '../../ui/format';
import { DeleteButton } from './DeleteButton';
import { STATE_COLOR, STATE_LABEL, shortDate } from './library-format';
import { formOf, patchOf, yearError, type MediaForm } from './media-form';
import { useUpdateMedia, type MediaItem } from './queries';

interface Props {
  stationId: string;
  mediaId: string | undefined;
  canEdit: boolean;
  canDelete: boolean;
  onClose: () => void;
}

/** One item's tags, opened from its row (the item id is in the URL, so it can be linked). */
export function EditDrawer(p: Props) {
  const media = useMedia(p.mediaId);
  // Here, not in the form: a save re-keys the form (new version), and "Saved." must outlive it.
  const update = useUpdateMedia(p.stationId);
  return (
    <Drawer
      opened={p.mediaId !== undefined}
      onClose={p.onClose}
      position="right"
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
      title={media.data ? `Edit ${media.data.title}` : 'Edit item'}
    >
      {media.isPending && p.mediaId !== undefined && <Loader aria-label="Loading the item" />}
      <ErrorNotice error={media.error} title="This item could not be loaded" />
      {media.data && (
        // Keyed by version: a save (or someone else's) refills the form from the answer.
        <EditForm
          key={`${media.data.id}/${media.data.updated_at}`}
          item={media.data}
          update={update}
          {...p}
        />
      )}
    </Drawer>
  );
}

function Facts({ item }: { item: MediaItem }) {
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Badge color={STATE_COLOR[item.analysis_state]}>{STATE_LABEL[item.analysis_state]}</Badge>
        <Text size="sm">
          {item.duration_ms === null ? 'duration unknown' : clock(item.duration_ms)}
          {item.loudness_lufs !== null && ` · ${item.loudness_lufs.toFixed(1)} LUFS`}
          {` · played ${item.play_count}×`}
        </Text>
      </Group>
      {item.analysis_state === 'failed' && (
        <Alert color="red" title="Analysis failed">
          {item.analysis_error ?? 'The engine gave no reason.'}
        </Alert>
      )}
      <Text size="xs" c="dimmed">
        {item.original_filename} · added {shortDate(item.created_at)} · last played{' '}
        {shortDate(item.last_played_at)}
      </Text>
    </Stack>
  );
}

function EditForm({
  item,
  update,
  stationId,
  canEdit,
  canDelete,
  onClose,
}: Props & { item: MediaItem; update: ReturnType<typeof useUpdateMedia> }) {
  const [form, setForm] = useState<MediaForm>(() => formOf(item));
  const router = useRouter();
  const set = <K extends keyof MediaForm>(k: K, v: MediaForm[K]) =>
    setForm((f) => ({ ...f, [k]: v }));
  const patch = patchOf(item, form);
  const yearProblem = yearError(form.year);
  const dirty = Object.keys(patch ?? {}).length > 0;
  const text = (
    k: 'title' | 'artist' | 'album' | 'genre' | 'mood' | 'language' | 'label',
    label: string,
  ) => (
    <TextInput
      label={label}
      value={form[k]}
      onChange={(e) => set(k, e.currentTarget.value)}
      disabled={!canEdit}
      required={k === 'title'}
    />
  );
  const cues = `/stations/${stationId}/library/${item.id}`;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (dirty && !yearProblem) update.mutate({ id: item.id, patch });
      }}
    >
      <Stack>
        <Facts item={item} />
        {!canEdit && (
          <Text size="sm" c="dimmed">
            Editing needs the DJ role on this station; you can look but not change.
          </Text>
        )}
        {text('title', 'Title')}
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          {text('artist', 'Artist')}
          {text('album', 'Album')}
          {text('genre', 'Genre')}
          <TextInput
            label="Year"
            inputMode="numeric"
            value={form.year}
            onChange={(e) => set('year', e.currentTarget.value)}
            error={yearProblem}
            disabled={!canEdit}
          />
          {text('mood', 'Mood')}
          {text('language', 'Language')}
          {text('label', 'Label')}
        </SimpleGrid>
        <TagsInput
          label="Tags"
          description="Enter or comma adds a tag"
          value={form.tags}
          onChange={(tags) => set('tags', tags)}
          disabled={!canEdit}
          clearable
        />
        <Group>
          <Switch
            label="Explicit"
            checked={form.explicit}
            onChange={(e) => set('explicit', e.currentTarget.checked)}
            disabled={!canEdit}
          />
          <Switch
            label="In rotation"
            checked={form.active}
            onChange={(e) => set('active', e.currentTarget.checked)}
            disabled={!canEdit}
          />
        </Group>
        <ErrorNotice error={update.error} title="Not saved" />
        {update.isSuccess && update.data.id === item.id && !dirty && (
          <Text size="sm" c="teal.9" role="status">
            Saved.
          </Text>
        )}
        <Group justify="space-between">
          <Group>
            {canEdit && (
              <Button type="submit" loading={update.isPending} disabled={!dirty || !!yearProblem}>
                Save
              </Button>
            )}
            <Anchor
              href={cues}
              onClick={(e) => {
                e.preventDefault();
                // The cue editor's route is registered by its own screen; a URL keeps this
                // screen from importing another.
                router.history.push(cues);
              }}
            >
              Edit cues
            </Anchor>
          </Group>
          {canDelete && <DeleteButton stationId={stationId} item={item} onDeleted={onClose} />}
        </Group>
      </Stack>
    </form>
  );
}
