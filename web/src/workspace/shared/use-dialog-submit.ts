import { useCallback, useState } from 'react';
import { messageOf } from '../../report-error';

/**
 * A dialog's one request: busy while it runs, and the api's refusal kept to show under the form (its message names
 * what to fix). `submit` resolves true when the request succeeded.
 */
export function useDialogSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = useCallback(async (request: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await request();
      return true;
    } catch (err) {
      setError(messageOf(err));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, submit };
}
