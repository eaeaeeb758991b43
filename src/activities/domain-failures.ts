import { ApplicationFailure } from '@temporalio/activity';
import { domainErrorInfo, isDomainError } from '../domain/errors';

/**
 * A domain error (not found, conflict, invalid input…) will not go away on retry: it leaves the activity as a
 * non-retryable failure carrying its kind and code, so the workflow sees why at once instead of retrying for ever.
 * Anything else (a dropped connection, a deadlock) stays retryable.
 */
export function withDomainFailures<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T): T {
  return Object.fromEntries(
    Object.entries(activities).map(([name, fn]) => [
      name,
      async (...args: never[]) => {
        try {
          return await fn(...args);
        } catch (err) {
          if (isDomainError(err)) throw ApplicationFailure.nonRetryable(err.message, err.name, domainErrorInfo(err));
          throw err;
        }
      },
    ]),
  ) as T;
}
