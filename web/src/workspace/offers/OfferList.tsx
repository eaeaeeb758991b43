import { EmptyState, Loader, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInbox } from '@tabler/icons-react';
import { useState } from 'react';
import { ApiError, workspaceApi, type OfferWithRequester, type Presence } from '../shared/api';
import { messageOf, reportError } from '../../report-error';
import { useNow } from '../../use-now';
import { OfferCard } from './OfferCard';
import { RejectOfferDialog } from './RejectOfferDialog';

interface Props {
  offers: OfferWithRequester[] | null;
  presence: Presence;
  onAccepted: (interactionId: string) => void;
  onChanged: () => void;
}

export function OfferList({ offers, presence, onAccepted, onChanged }: Props) {
  const now = useNow(1000);
  const [accepting, setAccepting] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<OfferWithRequester | null>(null);

  const accept = async (offer: OfferWithRequester) => {
    setAccepting(offer.id);
    try {
      const r = await workspaceApi.acceptOffer(offer.id);
      onAccepted(r.interactionId);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        notifications.show({ color: 'orange', title: 'This offer is no longer yours', message: messageOf(err) });
      } else {
        reportError('Could not accept the offer', err);
      }
    } finally {
      setAccepting(null);
      onChanged();
    }
  };

  if (offers === null) return <Loader m="md" size="sm" aria-label="Loading offers" />;
  if (offers.length === 0) {
    return (
      <EmptyState
        py="xl"
        px="md"
        icon={<IconInbox size={28} stroke={1.5} aria-hidden />}
        title="No offers right now"
        description={
          presence === 'available'
            ? 'New conversations offered to you appear here.'
            : `You are ${presence === 'away' ? 'Away' : 'Offline'}: choose Available to receive conversations.`
        }
      />
    );
  }
  return (
    <>
      <Stack component="ul" gap="sm" p="sm" m={0} style={{ listStyle: 'none' }} aria-label="Offers">
        {offers.map((offer) => (
          <li key={offer.id}>
            <OfferCard
              offer={offer}
              now={now}
              accepting={accepting === offer.id}
              onAccept={() => void accept(offer)}
              onReject={() => setRejecting(offer)}
            />
          </li>
        ))}
      </Stack>
      <RejectOfferDialog
        offer={rejecting}
        onClose={() => setRejecting(null)}
        onRejected={() => {
          setRejecting(null);
          onChanged();
        }}
      />
    </>
  );
}
