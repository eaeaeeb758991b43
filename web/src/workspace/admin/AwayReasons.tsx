import { Modal, NumberInput, Stack, Switch, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { routingAdminApi, type AwayReason } from '../shared/api';
import { reportError } from '../../report-error';
import { useLatestRead } from '../../use-latest-read';
import { DialogActions } from '../shared/DialogActions';
import { ReadStatus } from '../shared/ReadStatus';
import { useDialogSubmit } from '../shared/use-dialog-submit';
import { AdminSectionHeader } from './AdminSectionHeader';
import { ConfirmDelete } from './ConfirmDelete';
import { useConfirmedDelete } from './use-confirmed-delete';
import { EditDeleteButtons } from './EditDeleteButtons';

type Editing = { reason: AwayReason | null } | null;

/** PRS-2 (SPEC §17): reasons an agent may give for being Away; each behaves exactly as Away. */
export function AwayReasons() {
  const reasons = useLatestRead(routingAdminApi.awayReasons);
  const del = useConfirmedDelete((r: AwayReason) => routingAdminApi.removeAwayReason(r.id), (r) => r.name, () => reasons.reload());
  const [editing, setEditing] = useState<Editing>(null);
  const list = reasons.data ?? [];

  const save = async (r: AwayReason, change: Partial<AwayReason>) => {
    try {
      const { id: _id, ...body } = { ...r, ...change };
      await routingAdminApi.replaceAwayReason(r.id, body);
    } catch (err) {
      reportError(`“${r.name}” not changed`, err);
    }
    reasons.reload();
  };

  return (
    <section aria-labelledby="away-reasons-title">
      <AdminSectionHeader id="away-reasons-title" title="Away reasons" newLabel="New away reason" onNew={() => setEditing({ reason: null })}>
        Agents pick one when they go Away (Lunch, Training…): they get no new offers, exactly as Away, and managers see the reason
        in the agent table and the presence history. Inactive reasons are kept for history but cannot be picked.
      </AdminSectionHeader>
      <ReadStatus read={reasons} what="the away reasons" />
      {reasons.data && (
        <Table striped verticalSpacing="sm" aria-label="Away reasons" maw={720}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Order</Table.Th>
              <Table.Th>Active</Table.Th>
              <Table.Th>
                <VisuallyHidden>Edit or delete</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text c="dimmed" size="sm">
                    No away reasons: agents go Away without saying why.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {list.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td fw={500} c={r.active ? undefined : 'dimmed'}>
                  {r.name}
                </Table.Td>
                <Table.Td>{r.position}</Table.Td>
                <Table.Td>
                  <Switch checked={r.active} aria-label={`${r.name} is active`} onChange={(e) => void save(r, { active: e.currentTarget.checked })} />
                </Table.Td>
                <Table.Td>
                  <EditDeleteButtons name={r.name} onEdit={() => setEditing({ reason: r })} onDelete={() => del.ask(r)} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && (
        <AwayReasonDialog
          editing={editing.reason}
          nextPosition={list.length ? Math.max(...list.map((r) => r.position)) + 1 : 0}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reasons.reload();
          }}
        />
      )}
      <ConfirmDelete
        what={del.deleting ? `the away reason “${del.deleting.name}”` : null}
        consequence="Agents Away for it stay Away; their history keeps its name. Deactivate it instead to keep it listed."
        onCancel={del.cancel}
        onConfirm={del.confirm}
      />
    </section>
  );
}

function AwayReasonDialog({ editing, nextPosition, onClose, onSaved }: { editing: AwayReason | null; nextPosition: number; onClose: () => void; onSaved: () => void }) {
  const [name, setName] = useState(editing?.name ?? '');
  const [position, setPosition] = useState<number>(editing?.position ?? nextPosition);
  const [active, setActive] = useState(editing?.active ?? true);
  const { busy, error, submit } = useDialogSubmit();
  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    const body = { name: name.trim(), position, active };
    if (await submit(() => (editing ? routingAdminApi.replaceAwayReason(editing.id, body) : routingAdminApi.createAwayReason(body)))) onSaved();
  };
  return (
    <Modal opened onClose={onClose} title={editing ? `Edit the away reason “${editing.name}”` : 'New away reason'}>
      <form onSubmit={(e) => void save(e)}>
        <Stack gap="sm">
          <TextInput label="Name" required maxLength={60} value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <NumberInput label="Order" description="Lower first in the agents’ list" min={0} value={position} onChange={(v) => setPosition(Number(v) || 0)} />
          <Switch label="Active (agents may pick it)" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
          <DialogActions error={error} errorTitle="Not saved" confirm={editing ? 'Save' : 'Create'} busy={busy} disabled={!name.trim()} onConfirm={() => void save()} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
