import { Modal, NumberInput, PasswordInput, Select, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { usersAdminApi, type Role, type User, type UserChange } from '../shared/api';
import { DialogActions } from '../shared/DialogActions';
import { useDialogSubmit } from '../shared/use-dialog-submit';

interface Props {
  /** Null: a new user. */
  editing: User | null;
  onClose: () => void;
  onSaved: () => void;
}

export const ROLE_LABELS: Record<Role, string> = { agent: 'Agent', manager: 'Manager', admin: 'Admin' };
const ROLES = (Object.keys(ROLE_LABELS) as Role[]).map((value) => ({ value, label: ROLE_LABELS[value] }));

/**
 * Issue 24: a user's name, role, mobile phone (any form; the api stores it E.164, PROF-10) and SMS capacity (empty:
 * the channel's default); a new user also gets an email and a first password, an existing one an Active switch.
 */
export function UserDialog({ editing, onClose, onSaved }: Props) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState(editing?.name ?? '');
  const [role, setRole] = useState<Role>(editing?.role ?? 'agent');
  const [mobilePhone, setMobilePhone] = useState(editing?.mobilePhone ?? '');
  const [smsCapacity, setSmsCapacity] = useState<number | ''>(editing?.smsCapacity ?? '');
  const [active, setActive] = useState(editing?.active ?? true);
  const { busy, error, submit } = useDialogSubmit();

  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    const fields: UserChange = { name, role, mobilePhone: mobilePhone.trim() || null, smsCapacity: smsCapacity === '' ? null : smsCapacity };
    const request = editing
      ? () => usersAdminApi.update(editing.id, { ...fields, active })
      : () => usersAdminApi.create({ ...fields, name, role, email, password });
    if (await submit(request)) onSaved();
  };

  return (
    <Modal opened onClose={onClose} title={editing ? `Edit ${editing.name}` : 'New user'}>
      <form onSubmit={(e) => void save(e)}>
        <Stack gap="sm">
          {!editing && <TextInput label="Email" type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />}
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <Select label="Role" data={ROLES} value={role} onChange={(v) => v && setRole(v as Role)} allowDeselect={false} comboboxProps={{ withinPortal: true }} />
          <SimpleGrid cols={2}>
            <TextInput
              label="Mobile phone"
              description="Texts from it are recognised as theirs"
              placeholder="+1 415 555 2671"
              value={mobilePhone}
              onChange={(e) => setMobilePhone(e.currentTarget.value)}
            />
            <NumberInput
              label="SMS capacity"
              description="Empty: the channel’s default"
              min={0}
              max={100}
              allowDecimal={false}
              value={smsCapacity}
              onChange={(v) => setSmsCapacity(typeof v === 'number' ? v : '')}
            />
          </SimpleGrid>
          {!editing && (
            <PasswordInput label="Password" description="At least 12 characters; they can sign in with it at once" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          )}
          {editing && (
            <Switch
              label="Active"
              description="An inactive user cannot sign in and is offered no conversations; deactivating signs them out"
              checked={active}
              onChange={(e) => setActive(e.currentTarget.checked)}
            />
          )}
          <DialogActions
            error={error}
            errorTitle="Not saved"
            confirm={editing ? 'Save' : 'Create'}
            busy={busy}
            disabled={!name.trim() || (!editing && (!email.trim() || !password))}
            onConfirm={() => void save()}
            onCancel={onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}
