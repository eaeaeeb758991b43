import { Button, Group, Modal, Text } from '@mantine/core';

/** "Delete …?" with what deleting means; `what` null: closed. */
export function ConfirmDelete({ what, consequence, onCancel, onConfirm }: { what: string | null; consequence: string; onCancel: () => void; onConfirm: () => void }) {
  return (
    <Modal opened={what !== null} onClose={onCancel} title={what ? `Delete ${what}?` : ''}>
      <Text size="sm">{consequence}</Text>
      <Group justify="flex-end" gap="sm" mt="md">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button color="red" onClick={onConfirm}>
          Delete
        </Button>
      </Group>
    </Modal>
  );
}
