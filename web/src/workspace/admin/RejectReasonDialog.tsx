import { Modal, NumberInput, Select, Stack, Switch, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { rejectReasonsAdminApi, type Channel, type RejectReason } from '../shared/api';
import { DialogActions } from '../shared/DialogActions';
import { useDialogSubmit } from '../shared/use-dialog-submit';

const ALL = '';

interface Props {
  editing: RejectReason | null;
  channels: Channel[];
  onClose: () => void;
  onSaved: () => void;
}

/** RR-1: a reject reason's text, order in the picker, channel (or all) and reassignable flag. */
export function RejectReasonDialog({ editing, channels, onClose, onSaved }: Props) {
  const [text, setText] = useState(editing?.text ?? '');
  const [order, setOrder] = useState<number>(editing?.order ?? 100);
  const [channelId, setChannelId] = useState<string>(editing?.channelId ?? ALL);
  const [reassignable, setReassignable] = useState(editing?.reassignable ?? false);
  const [active, setActive] = useState(editing?.active ?? true);
  const { busy, error, submit } = useDialogSubmit();

  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    const body = { text, order, channelId: channelId === ALL ? null : channelId, reassignable, active };
    if (await submit(() => (editing ? rejectReasonsAdminApi.replace(editing.id, body) : rejectReasonsAdminApi.create(body)))) onSaved();
  };

  return (
    <Modal opened onClose={onClose} title={editing ? `Edit the reason “${editing.text}”` : 'New reject reason'}>
      <form onSubmit={(e) => void save(e)}>
        <Stack gap="sm">
          <TextInput label="Reason" required maxLength={80} value={text} onChange={(e) => setText(e.currentTarget.value)} />
          <NumberInput label="Order" description="Lower first in the picker." min={0} max={100_000} value={order} onChange={(v) => setOrder(Number(v) || 0)} />
          <Select
            label="Channel"
            data={[{ value: ALL, label: 'All channels' }, ...channels.map((c) => ({ value: c.id, label: c.name }))]}
            value={channelId}
            onChange={(v) => setChannelId(v ?? ALL)}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <Switch
            label="Reassignable"
            description="The conversation may be offered to the same agent again later."
            checked={reassignable}
            onChange={(e) => setReassignable(e.currentTarget.checked)}
          />
          <Switch label="Active" description="Inactive reasons are not offered to agents." checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
          <DialogActions error={error} errorTitle="Not saved" confirm={editing ? 'Save' : 'Create'} busy={busy} disabled={!text.trim()} onConfirm={() => void save()} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
