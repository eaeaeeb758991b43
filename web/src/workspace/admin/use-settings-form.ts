import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { reportError } from '../../report-error';
import { useLatestRead } from '../../use-latest-read';

/**
 * An admin settings form: the saved settings, the admin's unsaved draft of them, and an explicit Save that says
 * what happened (a green note, or the api's refusal).
 */
export function useSettingsForm<T extends object>(
  read: () => Promise<T>,
  put: (s: T) => Promise<unknown>,
  said: { saved: string; message: (s: T) => string; notSaved: string },
) {
  const settings = useLatestRead(read);
  const [draft, setDraft] = useState<T | null>(null);
  const [saving, setSaving] = useState(false);
  const shown = draft ?? settings.data ?? null;

  const save = async (onSaved?: () => void) => {
    if (!shown) return;
    setSaving(true);
    try {
      await put(shown);
      setDraft(null);
      onSaved?.();
      settings.reload();
      notifications.show({ color: 'green', title: said.saved, message: said.message(shown) });
    } catch (err) {
      reportError(said.notSaved, err);
    } finally {
      setSaving(false);
    }
  };
  return { settings, shown, draft, setDraft, saving, save };
}
