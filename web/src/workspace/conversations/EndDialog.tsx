import { Modal, Stack, Text } from '@mantine/core';
import { workspaceApi } from '../shared/api';
import { DialogActions } from '../shared/DialogActions';
import { useDialogSubmit } from '../shared/use-dialog-submit';

export type EndOutcome = 'complete' | 'abandon';

const WORDS: Record<EndOutcome, { title: string; confirm: string; effect: string }> = {
  complete: { title: 'Complete', confirm: 'End as complete', effect: 'It closes as Closed Complete.' },
  abandon: { title: 'Abandoned', confirm: 'End as abandoned', effect: 'It closes as Closed Abandoned.' },
};

/** END-1: ending is confirmed first; END-2: complete or abandon. Nobody can send in it afterwards (END-3). */
export function EndDialog(props: { interactionId: string; requester: string; outcome: EndOutcome; onClose: () => void; onEnded: () => void }) {
  const { busy, error, submit } = useDialogSubmit();
  const words = WORDS[props.outcome];
  const end = async () => {
    if (await submit(() => workspaceApi.end(props.interactionId, props.outcome))) props.onEnded();
  };
  return (
    <Modal opened onClose={props.onClose} title={`End the conversation with ${props.requester}?`}>
      <Stack gap="sm">
        <Text size="sm">
          {words.effect} Nobody can send another message in it; a new text from the requester starts a new conversation.
        </Text>
        <DialogActions error={error} errorTitle="Not ended" confirm={words.confirm} busy={busy} color="red" onConfirm={() => void end()} onCancel={props.onClose} />
      </Stack>
    </Modal>
  );
}
