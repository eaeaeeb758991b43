import { Button, Checkbox, Group, Modal, Radio, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { workspaceApi, type Offer } from '../api';
import { reportError } from '../report-error';

const REASONS = ['Busy with another conversation', 'Not my area', 'Language I do not speak'] as const;
const OTHER = 'Other';

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

function RejectForm({ offer, onCancel, onRejected }: { offer: Offer; onCancel: () => void; onRejected: () => void }) {
  const [choice, setChoice] = useState<string>(REASONS[0]);
  const [details, setDetails] = useState('');
  const [reassignable, setReassignable] = useState(false);
  const [busy, setBusy] = useState(false);
  const reason = (choice === OTHER ? details : details ? `${choice}: ${details}` : choice).trim().slice(0, 200);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason) return;
    setBusy(true);
    try {
      await workspaceApi.rejectOffer(offer.id, reason, reassignable);
      onRejected();
    } catch (err) {
      reportError('Could not reject the offer', err);
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)}>
      <Stack>
        <Radio.Group label="Reason" value={choice} onChange={setChoice} required>
          <Stack gap="xs" mt="xs">
            {[...REASONS, OTHER].map((r) => (
              <Radio key={r} value={r} label={r} />
            ))}
          </Stack>
        </Radio.Group>
        <TextInput
          label={choice === OTHER ? 'Your reason' : 'Details (optional)'}
          required={choice === OTHER}
          maxLength={160}
          value={details}
          onChange={(e) => setDetails(e.currentTarget.value)}
        />
        <Checkbox
          label="It may be offered to me again later"
          checked={reassignable}
          onChange={(e) => setReassignable(e.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" color="red" loading={busy} disabled={!reason}>
            Reject offer
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
