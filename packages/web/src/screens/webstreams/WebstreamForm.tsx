import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useSaveWebstream, type Webstream } from './queries';
import { emptyRow, rowFromUrl, urlFromRow, type UrlRow } from './webstream-urls';

const MAX_URLS = 10;

function UrlFields(props: {
  row: UrlRow;
  index: number;
  count: number;
  error: string | undefined;
  onChange: (r: UrlRow) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const { row, index: i } = props;
  const n = i + 1;
  return (
    <Paper withBorder p="xs" radius="sm" data-testid="url-row">
      <Group justify="space-between" mb={4} wrap="nowrap">
        <Text size="sm" fw={500}>
          {n === 1 ? 'URL 1 (tried first)' : `URL ${n} (if the ones above fail)`}
        </Text>
        <Group gap={2} wrap="nowrap">
          <ActionIcon
            variant="subtle"
            aria-label={`Move URL ${n} up`}
            disabled={i === 0}
            onClick={() => props.onMove(i - 1)}
          >
            ↑
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            aria-label={`Move URL ${n} down`}
            disabled={i === props.count - 1}
            onClick={() => props.onMove(i + 1)}
          >
            ↓
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Remove URL ${n}`}
            disabled={props.count === 1}
            onClick={props.onRemove}
          >
            ×
          </ActionIcon>
        </Group>
      </Group>
      <Stack gap={6}>
        <TextInput
          label={`Stream URL ${n}`}
          placeholder="https://relay.example/live"
          value={row.url}
          error={props.error}
          required
          onChange={(e) => props.onChange({ ...row, url: e.currentTarget.value })}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
          <TextInput
            label={`Username ${n}`}
            autoComplete="off"
            placeholder={row.stored ? 'stored (hidden)' : 'none'}
            value={row.user}
            onChange={(e) => props.onChange({ ...row, user: e.currentTarget.value })}
          />
          <PasswordInput
            label={`Password ${n}`}
            autoComplete="new-password"
            placeholder={row.stored ? 'stored (hidden)' : 'none'}
            value={row.password}
            onChange={(e) => props.onChange({ ...row, password: e.currentTarget.value })}
          />
        </SimpleGrid>
        {row.stored && (
          <Checkbox
            size="xs"
            label="Remove the stored username and password"
            checked={false}
            onChange={() => props.onChange({ ...row, stored: false, user: '', password: '' })}
          />
        )}
      </Stack>
    </Paper>
  );
}

/** Create or edit a webstream. Credentials are write-only: typed here, never shown back. */
export function WebstreamForm(props: {
  stationId: string;
  webstream?: Webstream;
  onDone: () => void;
}) {
  const w = props.webstream;
  const [name, setName] = useState(w?.name ?? '');
  const [active, setActive] = useState(w?.active ?? true);
  const [rows, setRows] = useState<UrlRow[]>(() => (w ? w.urls.map(rowFromUrl) : [emptyRow()]));
  const [tried, setTried] = useState(false);
  const save = useSaveWebstream(props.stationId, w?.id);
  const built = rows.map(urlFromRow);
  const label = w ? `Edit ${w.name}` : 'New webstream';
  const set = (i: number, r: UrlRow) => setRows((all) => all.map((x, j) => (j === i ? r : x)));
  const move = (from: number, to: number) =>
    setRows((all) => {
      const out = [...all];
      const [r] = out.splice(from, 1) as [UrlRow];
      out.splice(to, 0, r);
      return out;
    });
  return (
    <form
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        const urls = built.flatMap((b) => (b.ok ? [b.url] : []));
        if (urls.length !== rows.length || name.trim() === '') return;
        save.mutate({ name: name.trim(), urls, active }, { onSuccess: props.onDone });
      }}
    >
      <Stack gap="sm">
        <TextInput
          label="Webstream name"
          value={name}
          required
          maxLength={200}
          error={tried && name.trim() === '' ? 'Give it a name' : undefined}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <Switch
          label="Active (checked and playable)"
          checked={active}
          onChange={(e) => setActive(e.currentTarget.checked)}
        />
        <Text size="sm" c="dimmed">
          The engine plays the first URL that answers and fails over down the list. Usernames and
          passwords are stored for the engine and never shown again.
        </Text>
        {rows.map((r, i) => {
          const b = built[i];
          return (
            <UrlFields
              key={r.key}
              row={r}
              index={i}
              count={rows.length}
              error={tried && b && !b.ok ? b.error : undefined}
              onChange={(next) => set(i, next)}
              onMove={(to) => move(i, to)}
              onRemove={() => setRows((all) => all.filter((_, j) => j !== i))}
            />
          );
        })}
        <Group>
          <Button
            variant="default"
            size="sm"
            disabled={rows.length >= MAX_URLS}
            onClick={() => setRows((all) => [...all, emptyRow()])}
          >
            Add a fallback URL
          </Button>
        </Group>
        <ErrorNotice error={save.error} />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {w ? 'Save webstream' : 'Create webstream'}
          </Button>
          <Button variant="default" onClick={props.onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
