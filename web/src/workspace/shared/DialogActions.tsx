import { Alert, Button, Group } from '@mantine/core';
import { WhyDisabled } from './WhyDisabled';

interface Props {
  /** Why the last try failed, said under the form. */
  error: string | null;
  errorTitle: string;
  confirm: string;
  busy: boolean;
  disabled?: boolean;
  /** Why the confirming button is disabled, said in its tooltip. */
  why?: string | null;
  /** The confirming button's colour: red for what cannot be undone. */
  color?: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A dialog's last lines: the api's refusal, Cancel and the confirming button. */
export function DialogActions({ error, errorTitle, confirm, busy, disabled, why, color, onConfirm, onCancel }: Props) {
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
        <WhyDisabled reason={disabled ? (why ?? null) : null}>
          <Button onClick={onConfirm} loading={busy} disabled={disabled} color={color}>
            {confirm}
          </Button>
        </WhyDisabled>
      </Group>
    </>
  );
}
