import { Loader, Paper, Text } from '@mantine/core';
import { useEventsLost } from './events';

/**
 * Says so while live updates are down, so an operator does not trust a frozen screen. Fixed
 * over the page's corner (nothing below moves) and announced politely to screen readers.
 */
export function ReconnectingNotice() {
  const lost = useEventsLost();
  return (
    <div
      role="status"
      aria-live="polite"
      style={{ position: 'fixed', insetInlineStart: 12, bottom: 12, zIndex: 300 }}
    >
      {lost && (
        <Paper shadow="sm" withBorder px="sm" py={6} radius="xl" data-testid="events-reconnecting">
          <Text size="sm" style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
            <Loader size={12} type="dots" aria-hidden />
            Live updates reconnecting…
          </Text>
        </Paper>
      )}
    </div>
  );
}
