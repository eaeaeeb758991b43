import { Alert, Button, Group, Loader, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { workspaceApi, type Offer, type RejectReason } from '../shared/api';
import { messageOf, reportError } from '../../report-error';
import { useLatestRead } from '../../use-latest-read';
import { WhyDisabled } from '../shared/WhyDisabled';

interface Props {
  offer: Offer | null;
  onClose: () => void;
  onRejected: () => void;
}

export function RejectOfferDialog({ offer, onClose, onRejected }: Props) {
  return (
    <Modal
      opened={offer !== null}
      onClose={onClose}
      title={offer ? `Reject the offer from ${offer.requesterNumber}` : ''}
      closeButtonProps={{ 'aria-label': 'Cancel' }}
      centered
    >
      {offer && <RejectForm key={offer.id} offer={offer} onCancel={onClose} onRejected={onRejected} />}
    </Modal>
  );
}

/** A reason named "Other" asks for the agent's own words; the others take them as optional details. */
const isOther = (r: RejectReason | undefined) => r?.text.trim().toLowerCase() === 'other';
/** Stable, so the read happens once per dialog. */
const readSmsReasons = () => workspaceApi.rejectReasons('sms');

/** RR-1/INB-2: the admin's reasons for this channel, in their order; a reassignable one says so. */
function RejectForm({ offer, onCancel, onRejected }: { offer: Offer; onCancel: () => void; onRejected: () => void }) {
  const reasons = useLatestRead(readSmsReasons);
  const [choice, setChoice] = useState<string | null>(null);
  const [details, setDetails] = useState('');
  const [busy, setBusy] = useState(false);
  const picked = reasons.data?.find((r) => r.id === choice);
  const ready = picked !== undefined && (!isOther(picked) || details.trim() !== '');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!picked || !ready) return;
    setBusy(true);
    try {
      await workspaceApi.rejectOffer(offer.id, { reasonId: picked.id, ...(details.trim() ? { reason: details.trim().slice(0, 150) } : {}) });
      onRejected();
    } catch (err) {
      reportError('Could not reject the offer', err);
      setBusy(false);
    }
  };

  if (reasons.error) return <Alert color="red">Could not load the reject reasons: {messageOf(reasons.error)}</Alert>;
  if (!reasons.data) return <Loader size="sm" aria-label="Loading the reject reasons" />;
  return (
    <form onSubmit={(e) => void submit(e)}>
      <Stack>
        <Radio.Group label="Reason" value={choice} onChange={setChoice} required>
          <Stack gap="xs" mt="xs">
            {reasons.data.map((r) => (
              <Radio key={r.id} value={r.id} label={r.text} description={r.reassignable ? 'It may be offered to you again later' : undefined} />
            ))}
          </Stack>
        </Radio.Group>
        {reasons.data.length === 0 && (
          <Text size="sm" c="dimmed">
            No reject reasons are set up for SMS: ask an admin.
          </Text>
        )}
        <TextInput
          label={isOther(picked) ? 'Your reason' : 'Details (optional)'}
          required={isOther(picked)}
          maxLength={150}
          value={details}
          onChange={(e) => setDetails(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <WhyDisabled reason={ready ? null : isOther(picked) ? 'Write your reason first.' : 'Pick a reason first.'}>
            <Button type="submit" color="red" loading={busy} disabled={!ready}>
              Reject offer
            </Button>
          </WhyDisabled>
        </Group>
      </Stack>
    </form>
  );
}
