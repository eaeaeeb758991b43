import { Alert, Autocomplete, Button, Group, Loader, Modal, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconExternalLink, IconMessageCircle, IconMessageOff, IconSend } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, requesterApi, type ComposeCheck, type ComposeOptions, type ComposeOutcome, type Me, type UserMatch } from '../shared/api';
import { messageOf } from '../../report-error';
import { agoLabel } from '../../time-labels';
import { useNow } from '../../use-now';
import { InteractionStateBadge } from '../shared/InteractionStateBadge';
import { MAX_SMS_CHARACTERS, useSmsSegments } from '../shared/sms-segments';
import { UserPicker } from '../shared/UserPicker';
import { WhyDisabled } from '../shared/WhyDisabled';

interface Props {
  opened: boolean;
  me: Me;
  onClose: () => void;
  /** The conversation to show: the one sending opened or joined, or the existing one the agent chose (AI-8, AI-18). */
  onOpenConversation: (interactionId: string) => void;
  /** A message was sent (to say what happened: AI-14…17). */
  onSent: (outcome: ComposeOutcome, to: string) => void;
  /** The company number to start from (the open conversation's), when it is one of the choices. */
  defaultFrom?: string | null;
}

/** SPEC §3, Compose SMS: the agent starts (or joins) a conversation with a number. */
export function ComposeDialog({ opened, onClose, ...rest }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title="Compose SMS" size="xl" yOffset="3dvh" closeButtonProps={{ 'aria-label': 'Close' }}>
      {opened && <ComposeForm onClose={onClose} {...rest} />}
    </Modal>
  );
}

type Field = 'from' | 'to';
const FIELD_ERROR = /^invalid (to|from): (.*)$/s;

function ComposeForm({ me, onClose, onOpenConversation, onSent, defaultFrom }: Omit<Props, 'opened'>) {
  const [options, setOptions] = useState<ComposeOptions | null>(null);
  const [optionsError, setOptionsError] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [writingFor, setWritingFor] = useState<UserMatch | null>(null);
  const [body, setBody] = useState('');
  const [check, setCheck] = useState<ComposeCheck | null>(null);
  const [checking, setChecking] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const checks = useRef(0);
  const segments = useSmsSegments(body);
  const now = useNow(15_000);

  useEffect(() => {
    requesterApi.composeOptions().then(
      (o) => {
        setOptions(o);
        // AI-4: the open conversation's number (writing to someone there is likely a follow-up), else the first.
        const start = o.fromNumbers.find((n) => n.number === defaultFrom) ?? o.fromNumbers[0];
        if (start) setFrom(start.number);
      },
      (err: unknown) => setOptionsError(messageOf(err)),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the dialog starts from the number open when it opened
  }, []);

  const showError = (err: unknown) => {
    const field = err instanceof ApiError && err.status === 400 ? FIELD_ERROR.exec(err.message) : null;
    if (field) setFieldErrors({ [field[1] as Field]: messageOf(field[2]) });
    else setFormError(messageOf(err));
  };

  // AI-2: the SMS channel's compose settings (the defaults when the api names none).
  const sms = options?.channels.find((c) => c.channel === 'sms');
  const composeOn = sms?.active ?? true;
  const manualTo = sms?.allowManualTo ?? true;

  /**
   * AI-8, AI-9, AI-10: what sending would run into, asked again whenever the from, to or person changes. With typing a
   * recipient off (AI-2) there is no `to`: the api answers with the number on the person's record.
   */
  const runCheck = (q: { from: string; to: string; forUserId: string | null }) => {
    const mine = ++checks.current;
    if ((!q.to.trim() && (manualTo || !q.forUserId)) || !q.from.trim()) {
      setCheck(null);
      setChecking(false);
      return;
    }
    setChecking(true);
    requesterApi.composeCheck(q).then(
      (c) => {
        if (mine !== checks.current) return;
        setCheck(c);
        setFieldErrors({});
        setChecking(false);
      },
      (err: unknown) => {
        if (mine !== checks.current) return;
        setCheck(null);
        setChecking(false);
        showError(err);
      },
    );
  };
  const checkNow = (changes: Partial<{ from: string; to: string; forUserId: string | null }> = {}) =>
    runCheck({ from, to, forUserId: writingFor?.id ?? null, ...changes });

  // A number typed out in full is checked without waiting for the field to lose focus.
  useEffect(() => {
    if (to.replace(/\D/g, '').length < 10) return;
    const timer = setTimeout(() => runCheck({ from, to, forUserId: writingFor?.id ?? null }), 600);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runCheck reads the same values
  }, [to]);

  const [opening, setOpening] = useState(false);
  const [openError, setOpenError] = useState<string | null>(null);
  // Agents may read only the conversations they hold or take part in: say so here rather than after leaving the dialog.
  const openExisting = async (id: string) => {
    setOpening(true);
    setOpenError(null);
    try {
      await requesterApi.interaction(id);
      onOpenConversation(id);
      onClose();
    } catch (err) {
      setOpening(false);
      setOpenError(
        err instanceof ApiError && err.status === 403
          ? 'Only its agent, its participants and managers can open it.'
          : messageOf(err),
      );
    }
  };

  const conflict = check?.conflict ?? null;
  const active = check?.activeInteraction ?? null;

  const send = async (proceed: boolean) => {
    setSending(true);
    setFormError(null);
    try {
      const r = await requesterApi.compose({ from, to: to.trim() ? to : undefined, body, forUserId: writingFor?.id ?? null, proceed: proceed || undefined });
      onSent(r.outcome, check?.to ?? to);
      onOpenConversation(r.interactionId);
      onClose();
    } catch (err) {
      setSending(false);
      // The number became someone else's after the check: ask again (AI-10).
      if (err instanceof ApiError && err.code === 'association_conflict') checkNow();
      else showError(err);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!canSend) return;
    void send(conflict !== null);
  };

  const hasRecipient = manualTo ? !!to.trim() : !!writingFor && check !== null;
  const optedOut = check?.optedOut === true;
  const canSend = !!from.trim() && hasRecipient && !!body.trim() && !segments.tooLong && !sending && !fieldErrors.to && !fieldErrors.from && !optedOut;
  const whyNotSend = sending
    ? null
    : !from.trim()
      ? 'Choose the number to send from.'
      : fieldErrors.from || fieldErrors.to
        ? 'Fix the number first (the reason is under the field).'
        : optedOut
          ? 'This number opted out (STOP): nothing can be sent to it from this number.'
          : !hasRecipient
            ? manualTo ? 'Type the number to send to.' : 'Choose whom you are writing for.'
            : !body.trim()
              ? 'Write the message first.'
              : segments.tooLong
                ? 'The message is too long: shorten it.'
                : null;
  const fromData = (options?.fromNumbers ?? []).map((n) => ({ value: n.number, label: `${n.displayName} · ${n.number}` }));

  if (optionsError) return <Alert color="red" title="Compose is not available">{optionsError}</Alert>;
  if (!options) return <Loader size="sm" aria-label="Loading the company numbers" />;
  if (!composeOn) {
    return (
      <Stack gap="md">
        <Alert color="gray" title="Compose SMS is off">
          An admin has switched off composing on SMS (Admin → Compose). You can still answer the conversations you have.
        </Alert>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {manualTo ? (
          <UserPicker
            label="Writing for (optional)"
            description="The person you are writing to, if they are a user. Their mobile number fills Send to."
            value={writingFor?.id ?? null}
            onChange={(_, user) => {
              setWritingFor(user);
              const filled = !to.trim() && user?.mobilePhone ? user.mobilePhone : to;
              if (filled !== to) setTo(filled);
              runCheck({ from, to: filled, forUserId: user?.id ?? null });
            }}
          />
        ) : (
          <UserPicker
            label="Writing for"
            description="The person you are writing to. Compose sends to the number on their record."
            value={writingFor?.id ?? null}
            onChange={(_, user) => {
              setWritingFor(user);
              setFieldErrors((f) => ({ ...f, to: undefined }));
              runCheck({ from, to: '', forUserId: user?.id ?? null });
            }}
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {options.allowManualFrom ? (
            <Autocomplete
              label="Send from"
              description="A company number, or type one your SMS account owns"
              placeholder="+1 415 555 0100"
              inputMode="tel"
              data={fromData.map((d) => d.value)}
              renderOption={({ option }) => fromData.find((d) => d.value === option.value)?.label ?? option.value}
              // A chosen number still shows every company number; typed digits narrow the list.
              filter={({ options, search }) => {
                const digits = search.replace(/\D/g, '');
                if (fromData.some((d) => d.value === search) || !digits) return options;
                return options.filter((o) => 'value' in o && o.value.replace(/\D/g, '').includes(digits));
              }}
              onOptionSubmit={(v) => checkNow({ from: v })}
              value={from}
              onChange={(v) => {
                setFrom(v);
                setFieldErrors((e) => ({ ...e, from: undefined }));
              }}
              onBlur={() => checkNow()}
              error={fieldErrors.from}
              required
            />
          ) : (
            <Select
              label="Send from"
              description="The company number the person sees"
              data={fromData}
              value={from || null}
              onChange={(v) => {
                setFrom(v ?? '');
                checkNow({ from: v ?? '' });
              }}
              allowDeselect={false}
              error={fieldErrors.from}
              required
              comboboxProps={{ withinPortal: true }}
            />
          )}
          {manualTo ? (
            <TextInput
              label="Send to"
              description={check && !fieldErrors.to ? `Sends to ${check.to}` : 'A mobile number, e.g. +1 415 555 0123'}
              inputMode="tel"
              autoComplete="off"
              data-autofocus
              value={to}
              onChange={(e) => {
                setTo(e.currentTarget.value);
                setCheck(null);
                setOpenError(null);
                setFieldErrors((f) => ({ ...f, to: undefined }));
              }}
              onBlur={() => checkNow()}
              error={fieldErrors.to}
              rightSection={checking ? <Loader size={14} role="status" aria-label="Checking the number" /> : undefined}
              required
            />
          ) : (
            <RecipientFromRecord writingFor={writingFor} check={check} checking={checking} error={fieldErrors.to} />
          )}
        </SimpleGrid>
        {active && (
          <Alert color="blue" variant="light" icon={<IconMessageCircle size={18} aria-hidden />} title="There is already an open conversation with this number">
            <Group justify="space-between" align="flex-end" wrap="wrap" gap="xs">
              <Stack gap={2}>
                <Group gap="xs">
                  <InteractionStateBadge state={active.state} />
                  <Text size="sm">
                    {active.assignedAgentId === me.id ? 'Assigned to you' : active.assignedAgentName ? `Assigned to ${active.assignedAgentName}` : 'Not assigned to an agent'} · last
                    activity {agoLabel(active.lastMessageAt, now)}
                  </Text>
                </Group>
                <Text size="xs" c="dimmed">
                  {optedOut ? 'Nothing can be sent to it while the number is opted out.' : whatSendingDoes(active, me, conflict !== null)}
                </Text>
              </Stack>
              <Button
                size="xs"
                variant="light"
                rightSection={<IconExternalLink size={14} aria-hidden />}
                loading={opening}
                onClick={() => void openExisting(active.id)}
              >
                Open it
              </Button>
            </Group>
            {openError && (
              <Text size="xs" c="red.8" mt={4}>
                {openError}
              </Text>
            )}
          </Alert>
        )}
        {optedOut && check && (
          <Alert color="red" variant="light" icon={<IconMessageOff size={18} aria-hidden />} title="This number opted out" role="alert" aria-label="This number opted out">
            {check.to} texted STOP to {from}: Parley refuses to send to it until they text START. Nothing would be sent.
          </Alert>
        )}
        {conflict && (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />} title="This number belongs to someone else" role="alert">
            This number is associated with <b>{conflict.name}</b>; sending associates it with <b>{writingFor?.name ?? 'the person you write for'}</b>.
          </Alert>
        )}
        <Textarea
          label="Message"
          autosize
          minRows={2}
          maxRows={8}
          maxLength={MAX_SMS_CHARACTERS}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          description={segments.counter}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          required
        />
        {segments.unicodeNote && (
          <Text size="xs" c="dimmed" mt={-6}>
            {segments.unicodeNote}
          </Text>
        )}
        {formError && (
          <Alert color="red" title="Not sent">
            {formError}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <WhyDisabled reason={canSend ? null : whyNotSend}>
            <Button type="submit" loading={sending} disabled={!canSend} color={conflict ? 'orange' : undefined} rightSection={<IconSend size={16} aria-hidden />}>
              {conflict ? 'Send anyway' : 'Send'}
            </Button>
          </WhyDisabled>
        </Group>
      </Stack>
    </form>
  );
}

/** AI-2 with typing a recipient off: the number comes from the chosen person's record, shown, never typed. */
function RecipientFromRecord({ writingFor, check, checking, error }: { writingFor: UserMatch | null; check: ComposeCheck | null; checking: boolean; error?: string }) {
  return (
    <Stack gap={4} role="group" aria-labelledby="compose-send-to-label">
      <Text size="sm" fw={500} id="compose-send-to-label">
        Send to
      </Text>
      <Text size="xs" c="dimmed">
        Typing a number is switched off: choose whom you are writing for.
      </Text>
      {checking ? (
        <Loader size={14} role="status" aria-label="Checking the number" />
      ) : check && !error ? (
        <Text size="sm">
          Sends to {check.to}, the number on {writingFor ? `${writingFor.name}’s` : 'their'} record
        </Text>
      ) : !writingFor ? (
        <Text size="sm" c="dimmed">
          Nobody chosen yet
        </Text>
      ) : null}
      {error && (
        <Text size="xs" c="red.8" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}

/** AI-15…17, said before the agent sends. */
function whatSendingDoes(active: NonNullable<ComposeCheck['activeInteraction']>, me: Me, conflict: boolean): string {
  if (conflict) return 'Sending anyway closes it and starts a new conversation assigned to you.';
  if (active.state === 'virtual_agent') return 'Sending closes the virtual agent’s conversation and starts a new one assigned to you.';
  if (active.assignedAgentId === me.id) return 'Sending adds your message to it.';
  return 'Sending adds your message to it and makes you a participant; it stays with its agent.';
}
