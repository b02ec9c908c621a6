import { Alert, Code, Text } from '@mantine/core';
import { ApiError } from '../api/client';

/** What the API said, with the request id an operator can find in the server's log. */
export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  if (error === null || error === undefined) return null;
  const e = error instanceof ApiError ? error : undefined;
  return (
    <Alert color="red" variant="light" title={title ?? 'The request failed'} role="alert">
      <Text size="sm">
        {e?.message ?? (error instanceof Error ? error.message : 'unknown error')}
      </Text>
      {e?.requestId !== undefined && (
        <Text size="xs" mt={4}>
          request_id <Code>{e.requestId}</Code>
        </Text>
      )}
    </Alert>
  );
}
