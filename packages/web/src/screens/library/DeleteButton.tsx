import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useDeleteMedia, type MediaItem } from './queries';

/** Delete with a confirmation that names the item; the API refuses items still scheduled. */
export function DeleteButton(p: { stationId: string; item: MediaItem; onDeleted: () => void }) {
  const [opened, { open, close }] = useDisclosure(false);
  const remove = useDeleteMedia(p.stationId);
  return (
    <>
      <Button color="red" variant="outline" onClick={open}>
        Delete
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title="Delete this item?"
        centered
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        <Stack>
          <Text size="sm">
            “{p.item.title}” and its audio file are removed from the library for good.
          </Text>
          <ErrorNotice error={remove.error} title="Not deleted" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Keep it
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(p.item.id, {
                  onSuccess: () => {
                    close();
                    p.onDeleted();
                  },
                })
              }
            >
              Delete permanently
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
