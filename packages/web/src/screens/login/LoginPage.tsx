import {
  Alert,
  Button,
  Center,
  Code,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { login } from '../../session/session';
import { useSession } from '../../session/useSession';
import { loginErrorText } from './login-errors';

export function LoginPage() {
  const search = useSearch({ from: '/login' });
  const navigate = useNavigate();
  const s = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login(username.trim(), password);
      await navigate({ to: (search.redirect ?? '/') as '/' });
    } catch (err) {
      setError(err);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  const shown = error === undefined ? undefined : loginErrorText(error);
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <Center mih="100dvh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={380}>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack>
            <div>
              <Title order={1} size="h2">
                Grimnir Radio
              </Title>
              <Text c="dimmed" size="sm">
                Log in to the operators&apos; console
              </Text>
            </div>
            {s.status === 'anonymous' && s.reason === 'expired' && shown === undefined && (
              <Alert color="yellow" variant="light" role="status">
                Your session ended. Log in again to continue.
              </Alert>
            )}
            {shown !== undefined && (
              <Alert color="red" variant="light" title={shown.title} role="alert">
                <Text size="sm">{shown.text}</Text>
                {requestId !== undefined && (
                  <Text size="xs" mt={4}>
                    request_id <Code>{requestId}</Code>
                  </Text>
                )}
              </Alert>
            )}
            <TextInput
              label="Username"
              name="username"
              autoComplete="username"
              autoFocus
              required
              withAsterisk={false}
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
            />
            <PasswordInput
              label="Password"
              name="password"
              autoComplete="current-password"
              required
              withAsterisk={false}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button type="submit" loading={busy} disabled={username === '' || password === ''}>
              Log in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
