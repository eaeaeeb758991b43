import { useState } from 'react';
import { reportError } from '../../report-error';

/**
 * An admin list's delete: the row asked about (for ConfirmDelete), and on confirm the request, a notice naming what
 * was not deleted if it failed, and the list read again either way.
 */
export function useConfirmedDelete<T>(remove: (item: T) => Promise<unknown>, nameOf: (item: T) => string, reload: () => void) {
  const [deleting, setDeleting] = useState<T | null>(null);
  const confirm = async () => {
    const item = deleting;
    setDeleting(null);
    if (item === null) return;
    try {
      await remove(item);
    } catch (err) {
      reportError(`“${nameOf(item)}” not deleted`, err);
    }
    reload();
  };
  return { deleting, ask: setDeleting, cancel: () => setDeleting(null), confirm: () => void confirm() };
}
