import { Button, Modal, Stack, Text } from '@mantine/core';
import type { Scope } from './changes';

/** After dragging an occurrence of a repeating show: which occurrences the move applies to. */
export function ScopeModal(props: {
  name: string;
  onChoose: (s: Scope) => void;
  onCancel: () => void;
}) {
  return (
    <Modal opened onClose={props.onCancel} title={`Move ${props.name}`} size="sm">
      <Stack gap="xs">
        <Text size="sm">This show repeats. Apply the change to:</Text>
        <Button variant="default" onClick={() => props.onChoose('this')}>
          This occurrence
        </Button>
        <Button variant="default" onClick={() => props.onChoose('following')}>
          This and following
        </Button>
        <Button variant="default" onClick={() => props.onChoose('all')}>
          All occurrences
        </Button>
        <Button variant="subtle" onClick={props.onCancel}>
          Cancel
        </Button>
      </Stack>
    </Modal>
  );
}
