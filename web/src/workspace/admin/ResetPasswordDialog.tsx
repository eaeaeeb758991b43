import { Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { usersAdminApi, type User } from '../shared/api';
import { DialogActions } from '../shared/DialogActions';
import { useDialogSubmit } from '../shared/use-dialog-submit';

/** Issue 24: an admin sets a user's password; the api signs them out everywhere. */
export function ResetPasswordDialog({ user, onClose, onDone }: { user: User; onClose: () => void; onDone: () => void }) {
  const [password, setPassword] = useState('');
  const { busy, error, submit } = useDialogSubmit();

  const reset = async (e?: FormEvent) => {
    e?.preventDefault();
    if (await submit(() => usersAdminApi.resetPassword(user.id, password))) onDone();
  };

  return (
    <Modal opened onClose={onClose} title={`Reset the password of ${user.name}?`}>
      <form onSubmit={(e) => void reset(e)}>
        <Stack gap="sm">
          <Text size="sm">They are signed out everywhere and sign in again with the new password; tell it to them yourself.</Text>
          <PasswordInput label="New password" description="At least 12 characters" required autoComplete="new-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          <DialogActions error={error} errorTitle="Password not reset" confirm="Reset password" busy={busy} disabled={!password} onConfirm={() => void reset()} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
