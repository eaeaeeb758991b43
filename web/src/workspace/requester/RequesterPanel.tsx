import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUserCheck } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { requesterApi, type InteractionWithRequester, type Me, type UserMatch } from '../shared/api';
import { messageOf } from '../../report-error';
import { EarlierConversations } from '../history/EarlierConversations';
import { InteractionMetrics } from '../conversations/InteractionMetrics';
import { VerifyIdentityBadge } from './RequesterIdentity';
import { WhyDisabled } from '../shared/WhyDisabled';
import { GUEST, UserPicker } from '../shared/UserPicker';
import classes from './RequesterPanel.module.css';

interface Props {
  detail: InteractionWithRequester;
  me: Me;
  onChanged: () => void;
  /** Opens another conversation (one of the requester's earlier ones) read-only. */
  onOpenConversation?: (interactionId: string) => void;
}

/** SPEC §1 (PROF-7, PROF-9): who is texting, and the agent's way to say who it really is. */
export function RequesterPanel({ detail, me, onChanged, onOpenConversation }: Props) {
  const { requester } = detail;
  const [editing, setEditing] = useState(false);
  const mayChange = me.role !== 'agent' || detail.assignedAgentId === me.id;
  return (
    <aside className={classes.panel} aria-label="Requester">
      <Group justify="space-between" gap="xs" mb="xs">
        <Title order={3} size="h5">
          Requester
        </Title>
        {requester.verifyIdentity && <VerifyIdentityBadge />}
      </Group>
      <dl className={classes.facts}>
        <dt>Number</dt>
        <dd>{detail.requesterNumber}</dd>
        <dt>Person</dt>
        <dd>{requester.userId ? requester.name : 'Guest (no user linked)'}</dd>
        {requester.email && (
          <>
            <dt>Email</dt>
            <dd>{requester.email}</dd>
          </>
        )}
        {detail.vaSummary && (
          <>
            <dt>Virtual agent</dt>
            <dd>{detail.vaSummary}</dd>
          </>
        )}
        {detail.captured.map((c) => (
          <Fragment key={c.field}>
            <dt title="Captured by the virtual agent">{c.label}</dt>
            <dd>{c.value}</dd>
          </Fragment>
        ))}
        {detail.optedOut && (
          <>
            <dt>SMS</dt>
            <dd>Opted out (STOP)</dd>
          </>
        )}
      </dl>
      {requester.verifyIdentity && (
        <Text size="xs" c="orange.9" mt="xs">
          Parley could not tell for sure who is texting from this number. Ask, then choose the right person.
        </Text>
      )}
      {editing ? (
        <ReassociateForm
          detail={detail}
          onCancel={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            onChanged();
          }}
        />
      ) : (
        <Button
          mt="sm"
          size="xs"
          variant="light"
          fullWidth
          leftSection={<IconUserCheck size={16} aria-hidden />}
          onClick={() => setEditing(true)}
          disabled={!mayChange}
          title={mayChange ? undefined : 'Only the assigned agent or a manager can change who is texting.'}
        >
          Verify / re-associate
        </Button>
      )}
      {!mayChange && (
        <Text size="xs" c="dimmed" mt={4}>
          Only the assigned agent or a manager can change who is texting.
        </Text>
      )}
      <InteractionMetrics metrics={detail.metrics} />
      {onOpenConversation && <EarlierConversations interactionId={detail.id} me={me} onOpen={onOpenConversation} />}
    </aside>
  );
}

function ReassociateForm({ detail, onCancel, onDone }: { detail: InteractionWithRequester; onCancel: () => void; onDone: () => void }) {
  const [choice, setChoice] = useState<string | null>(null);
  const [user, setUser] = useState<UserMatch | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const current = detail.requester.userId ?? GUEST;
  const target = choice === GUEST ? 'Guest' : (user?.name ?? '');

  const confirm = async () => {
    if (!choice) return;
    setBusy(true);
    setError(null);
    try {
      const r = await requesterApi.setRequester(detail.id, choice === GUEST ? null : choice);
      notifications.show({ color: 'green', title: 'Requester changed', message: `${detail.requesterNumber} is now ${r.name ?? 'a guest'}.` });
      onDone();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  return (
    <Stack gap="xs" mt="sm">
      <UserPicker
        label="Who is texting?"
        value={choice}
        withGuest
        autoFocus
        onChange={(v, u) => {
          setChoice(v);
          setUser(u);
          setError(null);
        }}
      />
      {choice && choice !== current && (
        <Text size="xs">
          {detail.requesterNumber} will be associated with <b>{target}</b>
          {user ? ` (${user.email})` : ''} from now on, for this conversation and the next ones.
        </Text>
      )}
      {error && (
        <Alert color="red" p="xs" title="Not changed">
          {error}
        </Alert>
      )}
      <Group justify="flex-end" gap="xs">
        <Button size="xs" variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <WhyDisabled reason={!choice ? 'Choose who is texting first.' : choice === current ? 'That is who it is already.' : null}>
          <Button size="xs" onClick={() => void confirm()} loading={busy} disabled={!choice || choice === current}>
            Confirm
          </Button>
        </WhyDisabled>
      </Group>
    </Stack>
  );
}
