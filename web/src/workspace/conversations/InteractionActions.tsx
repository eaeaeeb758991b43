import { Button, Menu } from '@mantine/core';
import { IconArrowsExchange, IconChevronDown, IconPlayerPause, IconPlayerPlay, IconUserShare } from '@tabler/icons-react';
import { useState } from 'react';
import { workspaceApi, type InteractionDetail, type Me } from '../shared/api';
import { reportError } from '../../report-error';
import { AssignDialog } from '../routing/AssignDialog';
import { EndDialog, type EndOutcome } from './EndDialog';
import { TransferDialog } from '../routing/TransferDialog';

const CLOSED = new Set(['closed_complete', 'closed_abandoned']);

export function InteractionActions({ detail, me, onDone }: { detail: InteractionDetail; me: Me; onDone: () => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'transfer' | 'assign' | EndOutcome | null>(null);
  if (CLOSED.has(detail.state)) return null;
  const manager = me.role !== 'agent';
  // ONG-6: an agent reading a colleague's conversation sees it, and may not act on it (the api refuses too).
  if (!manager && detail.assignedAgentId !== null && detail.assignedAgentId !== me.id && !detail.participantIds.includes(me.id)) return null;
  // TRF-1: the assignee or a manager, while someone has it.
  const mayTransfer = (manager || detail.assignedAgentId === me.id) && (detail.state === 'work_in_progress' || detail.state === 'on_hold');
  const requester = detail.requester.name ?? detail.requesterNumber;
  const finish = () => {
    setDialog(null);
    onDone();
  };

  const run = async (name: string, action: () => Promise<unknown>) => {
    setBusy(name);
    try {
      await action();
    } catch (err) {
      reportError(`Could not ${name}`, err);
    } finally {
      setBusy(null);
      onDone();
    }
  };

  return (
    <>
      {(detail.state === 'work_in_progress' || detail.state === 'on_hold') && (
        // One button that changes its label, so keyboard focus stays on it after a hold or a resume.
        <Button
          variant="default"
          leftSection={detail.state === 'on_hold' ? <IconPlayerPlay size={16} aria-hidden /> : <IconPlayerPause size={16} aria-hidden />}
          loading={busy === 'hold' || busy === 'resume'}
          onClick={() =>
            detail.state === 'on_hold'
              ? void run('resume', () => workspaceApi.resume(detail.id))
              : void run('hold', () => workspaceApi.hold(detail.id))
          }
        >
          {detail.state === 'on_hold' ? 'Resume' : 'Hold'}
        </Button>
      )}
      {mayTransfer && (
        <Button variant="default" leftSection={<IconArrowsExchange size={16} aria-hidden />} onClick={() => setDialog('transfer')}>
          Transfer
        </Button>
      )}
      {manager && (
        <Button variant="default" leftSection={<IconUserShare size={16} aria-hidden />} onClick={() => setDialog('assign')}>
          Assign to…
        </Button>
      )}
      {dialog === 'transfer' && <TransferDialog interactionId={detail.id} requester={requester} onClose={() => setDialog(null)} onTransferred={finish} />}
      {dialog === 'assign' && (
        <AssignDialog interactionId={detail.id} requester={requester} assigneeId={detail.assignedAgentId} state={detail.state} onClose={() => setDialog(null)} onAssigned={finish} />
      )}
      {(dialog === 'complete' || dialog === 'abandon') && (
        <EndDialog interactionId={detail.id} requester={requester} outcome={dialog} onClose={() => setDialog(null)} onEnded={finish} />
      )}
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button color="red" variant="light" rightSection={<IconChevronDown size={16} aria-hidden />}>
            End
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>End the conversation as</Menu.Label>
          <Menu.Item onClick={() => setDialog('complete')}>Complete</Menu.Item>
          <Menu.Item color="red" onClick={() => setDialog('abandon')}>
            Abandoned
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </>
  );
}
