import { Alert, Button, Group } from '@mantine/core';

interface Props {
  /** Why the last try failed, said under the form. */
  error: string | null;
  errorTitle: string;
  confirm: string;
  busy: boolean;
  disabled?: boolean;
  /** The confirming button's colour: red for what cannot be undone. */
  color?: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A dialog's last lines: the api's refusal, Cancel and the confirming button. */
export function DialogActions({ error, errorTitle, confirm, busy, disabled, color, onConfirm, onCancel }: Props) {
  return (
    <>
      {error && (
        <Alert color="red" title={errorTitle} role="alert">
          {error}
        </Alert>
      )}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button onClick={onConfirm} loading={busy} disabled={disabled} color={color}>
          {confirm}
        </Button>
      </Group>
    </>
  );
}
