import { Button } from '@mantine/core';
import { useState } from 'react';

/**
 * Two clicks to delete: "Delete…" arms it, then "Delete {name}" does it (the name says what
 * goes, so a mis-click on a list of many cannot remove the wrong one).
 */
export function ConfirmDelete(props: { name: string; pending: boolean; onConfirm: () => void }) {
  const [armed, setArmed] = useState(false);
  return armed ? (
    <Button size="compact-sm" color="red" loading={props.pending} onClick={props.onConfirm}>
      Delete {props.name}
    </Button>
  ) : (
    <Button
      size="compact-sm"
      color="red"
      variant="outline"
      onClick={() => setArmed(true)}
      aria-label={`Delete ${props.name}…`}
    >
      Delete…
    </Button>
  );
}
