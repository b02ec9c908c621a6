import { Alert, Badge, Button, Group, List, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { clock } from '../../ui/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { usePreview, type Preview, type SmartBlock } from './queries';

const RELAXATION: Record<string, string> = {
  quota_min: 'minimum quota',
  album_separation: 'album separation',
  quota_max: 'maximum quota',
  artist_separation: 'artist separation',
  title_separation: 'title separation',
  duration_tolerance: 'length tolerance',
};

function Result({ p }: { p: Preview }) {
  const start = p.items[0] ? Date.parse(p.items[0].starts_at) : 0;
  return (
    <Stack gap="sm">
      <Text size="sm" data-testid="preview-summary">
        {p.items.length} {p.items.length === 1 ? 'item' : 'items'} · {clock(p.total_ms)} of{' '}
        {clock(p.target_ms)}
        {p.shortfall_ms > 0 ? ` · ${clock(p.shortfall_ms)} short` : ''} · seed “{p.seed}”
      </Text>
      {p.relaxations.length > 0 ? (
        <Alert
          color="yellow"
          variant="light"
          title="Rules relaxed to fill the block"
          data-testid="relaxations"
        >
          <List size="sm" spacing={2}>
            {p.relaxations.map((r, i) => (
              <List.Item key={i}>
                Item {r.item_index + 1}: {RELAXATION[r.constraint] ?? r.constraint} — {r.detail}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : (
        <Text size="sm" c="dimmed" data-testid="relaxations">
          No rule had to be relaxed.
        </Text>
      )}
      <List type="ordered" spacing="xs" aria-label="Chosen tracks" listStyleType="none" p={0}>
        {p.items.map((it, i) => (
          <List.Item
            key={`${i}:${it.media_id}`}
            data-testid="preview-item"
            style={{
              borderTop: i === 0 ? undefined : '1px solid var(--mantine-color-default-border)',
            }}
            pt={i === 0 ? 0 : 6}
            styles={{ itemWrapper: { width: '100%' }, itemLabel: { width: '100%' } }}
          >
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text size="sm" fw={500} lineClamp={1} style={{ minWidth: 0 }}>
                <Text
                  span
                  c="dimmed"
                  size="sm"
                  mr={6}
                  style={{ fontVariantNumeric: 'tabular-nums' }}
                >
                  {clock(Date.parse(it.starts_at) - start)}
                </Text>
                {it.artist ? `${it.artist} – ` : ''}
                {it.title}
              </Text>
              <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
                {it.kind === 'filler' && (
                  <Badge size="xs" variant="outline" color="grape">
                    filler
                  </Badge>
                )}
                <Text size="sm" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {clock(it.duration_ms)}
                </Text>
              </Group>
            </Group>
            <Text size="xs" c="dimmed" data-testid="preview-reason">
              {it.reason}
            </Text>
            {it.relaxed.length > 0 && (
              <Text size="xs" mt={2} data-testid="preview-relaxed">
                <Text span fw={600} size="xs">
                  Relaxed:
                </Text>{' '}
                {it.relaxed.map((r) => RELAXATION[r] ?? r).join(', ')}
              </Text>
            )}
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

/**
 * Runs the saved rules without playing anything: the tracks, why each was chosen and every
 * relaxation. `beforePreview` saves pending edits first (and says whether it could).
 */
export function PreviewPanel(props: {
  stationId: string;
  block: SmartBlock;
  beforePreview: () => Promise<boolean>;
  saving: boolean;
}) {
  const [minutes, setMinutes] = useState('30');
  const [seed, setSeed] = useState('preview');
  const [asked, setAsked] = useState<{ minutes: number; seed: string } | undefined>();
  const preview = usePreview(props.stationId, props.block, {
    minutes: asked?.minutes ?? 30,
    seed: asked?.seed ?? '',
    enabled: asked !== undefined,
  });
  const m = Number(minutes.replace(',', '.'));
  const badMinutes = !Number.isFinite(m) || m < 1 / 60 || m > 1440;
  return (
    <Stack gap="sm">
      <form
        aria-label="Preview settings"
        onSubmit={(e) => {
          e.preventDefault();
          if (badMinutes) return;
          void props.beforePreview().then((ok) => {
            if (ok) setAsked({ minutes: m, seed: seed.trim() });
          });
        }}
      >
        <Group gap="xs" align="flex-end" wrap="wrap">
          <TextInput
            size="xs"
            label="Block length (minutes)"
            inputMode="decimal"
            value={minutes}
            error={badMinutes ? '1 second to 24 hours' : undefined}
            onChange={(e) => setMinutes(e.currentTarget.value)}
            style={{ flex: '1 1 120px' }}
          />
          <TextInput
            size="xs"
            label="Seed"
            value={seed}
            maxLength={200}
            onChange={(e) => setSeed(e.currentTarget.value)}
            style={{ flex: '1 1 120px' }}
          />
          <Button type="submit" size="xs" loading={props.saving || preview.isFetching}>
            Preview
          </Button>
        </Group>
        <Text size="xs" c="dimmed" mt={4}>
          The same seed gives the same choice; a new seed shows another. Pending edits are saved
          first.
        </Text>
      </form>
      <ErrorNotice error={preview.error} title="The preview failed" />
      {preview.data && <Result p={preview.data} />}
    </Stack>
  );
}
