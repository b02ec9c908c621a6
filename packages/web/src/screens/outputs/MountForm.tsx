import {
  Button,
  Checkbox,
  Group,
  NumberInput,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { Data } from '../../api/types';
import { ErrorNotice } from '../../ui/ErrorNotice';

type Mount = Data<'/api/v1/stations/{id}/mounts'>[number];
type Format = 'mp3' | 'aac' | 'opus' | 'vorbis';
const FORMATS: Format[] = ['mp3', 'aac', 'opus', 'vorbis'];
const RATES = ['22050', '32000', '44100', '48000'];

interface Target {
  host: string;
  port: number | string;
  mount: string;
  user: string;
  password: string;
}

/**
 * Create a mount, or edit one. The Icecast password is write-only: the form never holds the
 * stored one; left empty on edit it keeps what is stored.
 */
export function MountForm({
  stationId,
  mount,
  onDone,
}: {
  stationId: string;
  mount?: Mount;
  onDone: () => void;
}) {
  const qc = useQueryClient();
  const [name, setName] = useState(mount?.name ?? '');
  const [format, setFormat] = useState<Format>(mount?.format ?? 'mp3');
  const [bitrate, setBitrate] = useState<number | string>(mount?.bitrate_kbps ?? 128);
  const [rate, setRate] = useState(String(mount?.sample_rate ?? 44100));
  const [relay, setRelay] = useState(mount?.icecast != null);
  const [t, setT] = useState<Target>({
    host: mount?.icecast?.host ?? '',
    port: mount?.icecast?.port ?? 8000,
    mount: mount?.icecast?.mount ?? '',
    user: mount?.icecast?.user ?? 'source',
    password: '',
  });
  const base = {
    name,
    format,
    bitrate_kbps: Number(bitrate),
    sample_rate: Number(rate) as 22050 | 32000 | 44100 | 48000,
  };
  const target = { host: t.host, port: Number(t.port), mount: t.mount, user: t.user };
  const save = useMutation({
    mutationFn: () =>
      mount
        ? unwrap(
            api.PATCH('/api/v1/stations/{id}/mounts/{mountId}', {
              params: { path: { id: stationId, mountId: mount.id } },
              body: {
                ...base,
                icecast: relay
                  ? { ...target, ...(t.password !== '' && { password: t.password }) }
                  : null,
              },
            }),
          )
        : unwrap(
            api.POST('/api/v1/stations/{id}/mounts', {
              params: { path: { id: stationId } },
              body: { ...base, icecast: relay ? { ...target, password: t.password } : null },
            }),
          ),
    // The form (and the password typed into it) goes first: a write-only secret must not stay
    // in the page while the mount list refetches and shows the saved row.
    onSuccess: () => {
      onDone();
      return qc.invalidateQueries({ queryKey: ['station', stationId] });
    },
  });
  const set = (k: keyof Target) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setT({ ...t, [k]: e.currentTarget.value });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
      aria-label={mount ? `Edit mount ${mount.name}` : 'New mount'}
    >
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <TextInput
            label="Mount name"
            description="Its URL: /stream/name"
            value={name}
            required
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Select
            label="Format"
            data={FORMATS}
            value={format}
            allowDeselect={false}
            onChange={(v) => setFormat((v as Format | null) ?? 'mp3')}
          />
          <NumberInput
            label="Bitrate (kbit/s)"
            min={8}
            max={512}
            value={bitrate}
            onChange={setBitrate}
          />
          <Select
            label="Sample rate (Hz)"
            data={RATES}
            value={rate}
            allowDeselect={false}
            onChange={(v) => setRate(v ?? '44100')}
          />
        </SimpleGrid>
        <Checkbox
          label="Also send to an Icecast server"
          checked={relay}
          onChange={(e) => setRelay(e.currentTarget.checked)}
        />
        {relay && (
          <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="sm">
            <TextInput label="Icecast host" required value={t.host} onChange={set('host')} />
            <NumberInput
              label="Icecast port"
              min={1}
              max={65535}
              value={t.port}
              onChange={(v) => setT({ ...t, port: v })}
            />
            <TextInput
              label="Icecast mount"
              placeholder="/radio.mp3"
              required
              value={t.mount}
              onChange={set('mount')}
            />
            <TextInput label="Icecast user" value={t.user} onChange={set('user')} />
            <PasswordInput
              label="Icecast password"
              description={
                mount?.icecast?.password_set ? 'Set; leave empty to keep it' : 'Write-only'
              }
              value={t.password}
              autoComplete="new-password"
              onChange={set('password')}
            />
          </SimpleGrid>
        )}
        <ErrorNotice error={save.error} title="The mount was not saved" />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {mount ? 'Save mount' : 'Create mount'}
          </Button>
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
