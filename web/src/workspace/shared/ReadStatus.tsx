import { Alert, Loader } from '@mantine/core';
import type { LatestRead } from '../../use-latest-read';
import { messageOf } from '../../report-error';

/** While a read has no answer: a loader, or why it failed ("The agents cannot be shown"). */
export function ReadStatus({ read, what }: { read: Pick<LatestRead<unknown>, 'data' | 'error'>; what: string }) {
  if (read.data !== null && read.data !== undefined) return null;
  if (read.error !== null)
    return (
      <Alert color="red" title={`${what.charAt(0).toUpperCase()}${what.slice(1)} cannot be shown`} mb="sm">
        {messageOf(read.error)}
      </Alert>
    );
  return <Loader size="sm" aria-label={`Loading ${what}`} />;
}
