import { Button, Menu } from '@mantine/core';
import { IconChevronDown, IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import { workspaceApi, type InteractionDetail } from '../api';
import { reportError } from '../report-error';

const CLOSED = new Set(['closed_complete', 'closed_abandoned']);

export function InteractionActions({ detail, onDone }: { detail: InteractionDetail; onDone: () => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  if (CLOSED.has(detail.state)) return null;

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
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button color="red" variant="light" rightSection={<IconChevronDown size={16} aria-hidden />} loading={busy === 'end'}>
            End
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>End the conversation as</Menu.Label>
          <Menu.Item onClick={() => void run('end', () => workspaceApi.end(detail.id, 'complete'))}>Complete</Menu.Item>
          <Menu.Item color="red" onClick={() => void run('end', () => workspaceApi.end(detail.id, 'abandon'))}>
            Abandoned
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </>
  );
}
