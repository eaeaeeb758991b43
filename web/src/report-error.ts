import { notifications } from '@mantine/notifications';

/** The API's messages are lower-case clauses ("email or password is wrong"); people read sentences. */
export function messageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Shows a failed action's reason to the person who tried it. */
export function reportError(title: string, err: unknown): void {
  notifications.show({ color: 'red', title, message: messageOf(err), autoClose: 8000 });
}
