import { ActionIcon, Button, Modal, NumberInput, SimpleGrid, Stack, Switch, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconAdjustments } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { routingAdminApi, supervisorApi, type AgentStatus, type Channel } from '../shared/api';
import { reportError } from '../../report-error';
import { useLatestRead } from '../../use-latest-read';
import { DialogActions } from '../shared/DialogActions';
import { ReadStatus } from '../shared/ReadStatus';
import { capacityLabel, universalLabel } from '../routing/routing-words';
import { filledNumbers } from './capacity-fields';
import { CapacityFields } from './CapacityFields';
import { useDialogSubmit } from '../shared/use-dialog-submit';

/** CAP-1…8: each channel's default capacity and work item size; each agent's own overrides and universal capacity. */
export function ChannelsAndCapacities() {
  const channels = useLatestRead(routingAdminApi.channels);
  const agents = useLatestRead(supervisorApi.agents);
  const [editing, setEditing] = useState<AgentStatus | null>(null);

  return (
    <Stack gap="xl">
      <section aria-labelledby="channels-title">
        <Title order={2} size="h3" id="channels-title" mb="xs">
          Channels
        </Title>
        <Text c="dimmed" size="sm" mb="md" maw={820}>
          An agent’s capacity on a channel is the channel’s default unless a group or the agent says otherwise. Each
          conversation in progress uses its channel’s work item size; on hold uses nothing.
        </Text>
        <ReadStatus read={channels} what="the channels" />
        {channels.data && (
          <Table verticalSpacing="sm" aria-label="Channels" maw={820}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Channel</Table.Th>
                <Table.Th>Default capacity</Table.Th>
                <Table.Th>Work item size</Table.Th>
                <Table.Th>Active</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {channels.data.map((c) => (
                <ChannelRow key={`${c.id}-${c.defaultCapacity}-${c.workItemSize}-${c.active}`} channel={c} onSaved={channels.reload} />
              ))}
            </Table.Tbody>
          </Table>
        )}
      </section>

      <section aria-labelledby="capacities-title">
        <Title order={2} size="h3" id="capacities-title" mb="xs">
          Agent capacities
        </Title>
        <ReadStatus read={agents} what="the agents" />
        {agents.data && (
          <Table striped verticalSpacing="xs" aria-label="Agent capacities">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Agent</Table.Th>
                {(channels.data ?? []).map((c) => (
                  <Table.Th key={c.id}>{c.name} in use / capacity</Table.Th>
                ))}
                <Table.Th>All channels</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {agents.data.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td fw={500}>{a.name}</Table.Td>
                  {(channels.data ?? []).map((c) => (
                    <Table.Td key={c.id}>{capacityLabel(a, c.id)}</Table.Td>
                  ))}
                  <Table.Td>{universalLabel(a)}</Table.Td>
                  <Table.Td>
                    <Tooltip label="Capacity overrides">
                      <ActionIcon variant="subtle" color="gray" onClick={() => setEditing(a)} aria-label={`Capacities of ${a.name}`}>
                        <IconAdjustments size={18} aria-hidden />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </section>
      {editing && (
        <AgentCapacitiesDialog
          agent={editing}
          channels={channels.data ?? []}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            agents.reload();
          }}
        />
      )}
    </Stack>
  );
}

function ChannelRow({ channel, onSaved }: { channel: Channel; onSaved: () => void }) {
  const [draft, setDraft] = useState(channel);
  const [saving, setSaving] = useState(false);
  const changed = draft.defaultCapacity !== channel.defaultCapacity || draft.workItemSize !== channel.workItemSize || draft.active !== channel.active;
  const save = async () => {
    setSaving(true);
    try {
      await routingAdminApi.putChannel(draft);
    } catch (err) {
      reportError(`${channel.name} not saved`, err);
    } finally {
      setSaving(false);
      onSaved();
    }
  };
  return (
    <Table.Tr>
      <Table.Td fw={500}>
        {channel.name}{' '}
        <Text span size="xs" c="dimmed">
          {channel.id}
        </Text>
      </Table.Td>
      <Table.Td>
        <NumberInput aria-label={`${channel.name} default capacity`} min={0} max={100} w={100} value={draft.defaultCapacity} onChange={(v) => setDraft({ ...draft, defaultCapacity: Number(v) || 0 })} />
      </Table.Td>
      <Table.Td>
        <NumberInput aria-label={`${channel.name} work item size`} min={1} max={100} w={100} value={draft.workItemSize} onChange={(v) => setDraft({ ...draft, workItemSize: Number(v) || 1 })} />
      </Table.Td>
      <Table.Td>
        <Switch aria-label={`${channel.name} is active`} checked={draft.active} onChange={(e) => setDraft({ ...draft, active: e.currentTarget.checked })} />
      </Table.Td>
      <Table.Td>
        <Button size="xs" disabled={!changed} loading={saving} onClick={() => void save()} aria-label={`Save ${channel.name}`}>
          Save
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

function AgentCapacitiesDialog({ agent, channels, onClose, onSaved }: { agent: AgentStatus; channels: Channel[]; onClose: () => void; onSaved: () => void }) {
  const read = useCallback(() => routingAdminApi.agentCapacities(agent.id), [agent.id]);
  const current = useLatestRead(read);
  const [draft, setDraft] = useState<{ channels: Record<string, number | ''>; universal: number | '' } | null>(null);
  const { busy, error, submit } = useDialogSubmit();
  const shown = draft ?? (current.data ? { channels: current.data.channels, universal: current.data.universalCapacity ?? '' } : null);

  const save = async () => {
    if (!shown) return;
    const saved = await submit(() =>
      routingAdminApi.putAgentCapacities(agent.id, { channels: filledNumbers(shown.channels), universalCapacity: shown.universal === '' ? null : shown.universal }),
    );
    if (saved) onSaved();
  };

  return (
    <Modal opened onClose={onClose} title={`Capacities of ${agent.name}`}>
      <Stack gap="sm">
        <ReadStatus read={current} what="the overrides" />
        {shown && (
          <>
            <Text size="xs" c="dimmed">
              Empty: the group’s or the channel’s capacity.
            </Text>
            <SimpleGrid cols={2}>
              <CapacityFields channels={channels} values={shown.channels} onChange={(next) => setDraft({ ...shown, channels: next })} />
              <NumberInput
                label="Universal capacity"
                description="Across all channels; empty: no limit"
                min={0}
                max={500}
                value={shown.universal}
                onChange={(v) => setDraft({ ...shown, universal: v === '' ? '' : Number(v) })}
              />
            </SimpleGrid>
          </>
        )}
        <DialogActions error={error} errorTitle="Not saved" confirm="Save" busy={busy} disabled={!shown} onConfirm={() => void save()} onCancel={onClose} />
      </Stack>
    </Modal>
  );
}
