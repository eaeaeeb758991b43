import { Badge, Table, Text, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { rejectReasonsAdminApi, routingAdminApi, type RejectReason } from '../shared/api';
import { useLatestRead } from '../../use-latest-read';
import { ReadStatus } from '../shared/ReadStatus';
import { AdminSectionHeader } from './AdminSectionHeader';
import { ConfirmDelete } from './ConfirmDelete';
import { useConfirmedDelete } from './use-confirmed-delete';
import { EditDeleteButtons } from './EditDeleteButtons';
import { RejectReasonDialog } from './RejectReasonDialog';

type Editing = { reason: RejectReason | null } | null;

/** RR-1: the reasons agents pick when they reject an offer, in the picker's order. */
export function RejectReasons() {
  const reasons = useLatestRead(rejectReasonsAdminApi.list);
  const del = useConfirmedDelete((r: RejectReason) => rejectReasonsAdminApi.remove(r.id), (r) => r.text, () => reasons.reload());
  const channels = useLatestRead(routingAdminApi.channels);
  const channelName = new Map((channels.data ?? []).map((c) => [c.id, c.name]));
  const [editing, setEditing] = useState<Editing>(null);


  return (
    <section aria-labelledby="reject-reasons-title">
      <AdminSectionHeader id="reject-reasons-title" title="Reject reasons" newLabel="New reason" onNew={() => setEditing({ reason: null })}>
        What an agent picks when rejecting an offer, lowest order first. A reassignable reason lets routing offer the same
        conversation to that agent again later; the others keep it away from them. A reason named “Other” asks for the
        agent’s own words.
      </AdminSectionHeader>
      <ReadStatus read={reasons} what="the reject reasons" />
      {reasons.data && (
        <Table striped verticalSpacing="sm" aria-label="Reject reasons">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Order</Table.Th>
              <Table.Th>Reason</Table.Th>
              <Table.Th>Channel</Table.Th>
              <Table.Th>Reassignable</Table.Th>
              <Table.Th>
                <VisuallyHidden>Edit or delete</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {reasons.data.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={5}>
                  <Text c="dimmed" size="sm">
                    No reasons: agents cannot reject offers until one exists.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {reasons.data.map((r) => (
              <Table.Tr key={r.id} c={r.active ? undefined : 'dimmed'}>
                <Table.Td>{r.order}</Table.Td>
                <Table.Td fw={500}>
                  {r.text}{' '}
                  {!r.active && (
                    <Badge color="gray" variant="light" size="sm">
                      Inactive
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{r.channelId ? (channelName.get(r.channelId) ?? r.channelId) : 'All channels'}</Table.Td>
                <Table.Td>{r.reassignable ? 'Yes' : 'No'}</Table.Td>
                <Table.Td>
                  <EditDeleteButtons name={r.text} onEdit={() => setEditing({ reason: r })} onDelete={() => del.ask(r)} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && (
        <RejectReasonDialog
          editing={editing.reason}
          channels={channels.data ?? []}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reasons.reload();
          }}
        />
      )}
      <ConfirmDelete
        what={del.deleting ? `the reason “${del.deleting.text}”` : null}
        consequence="Past rejections keep their text."
        onCancel={del.cancel}
        onConfirm={del.confirm}
      />
    </section>
  );
}
