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
  // What was just saved, shown until the read after the save answers: without it the form showed the settings read
  // before the save for a moment (a switch flipped back) while that read was on its way.
  const [saved, setSaved] = useState<{ value: T; over: T | null } | null>(null);
  const current = saved && settings.data === saved.over ? saved.value : settings.data;
  const shown = draft ?? current ?? null;

  const save = async (onSaved?: () => void) => {
    if (!shown) return;
    setSaving(true);
    try {
      await put(shown);
      setSaved({ value: shown, over: settings.data });
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
  return { settings, current, shown, draft, setDraft, saving, save };
}
