import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/activity';
import { withDomainFailures } from '../../src/activities/domain-failures';
import { ConflictError, NotFoundError } from '../../src/domain/errors';

describe('activities: domain errors become non-retryable failures', () => {
  const activities = withDomainFailures({
    missing: async () => {
      throw new NotFoundError('message m-1 does not exist');
    },
    optedOut: async () => {
      throw new ConflictError('+14155550123 opted out', 'opted_out');
    },
    flaky: async () => {
      throw new Error('connection reset');
    },
    fine: async (n: number) => n + 1,
  });

  it('a domain error leaves as a non-retryable ApplicationFailure with its kind and code', async () => {
    await assert.rejects(activities.missing(), (err: unknown) => {
      assert.ok(err instanceof ApplicationFailure);
      assert.equal(err.nonRetryable, true);
      assert.equal(err.type, 'NotFoundError');
      assert.deepEqual(err.details, [{ kind: 'not_found', code: 'not_found', message: 'message m-1 does not exist' }]);
      return true;
    });
    await assert.rejects(activities.optedOut(), (err: ApplicationFailure) => err.nonRetryable && (err.details?.[0] as { code: string }).code === 'opted_out');
  });
  it('anything else stays retryable, and results pass through', async () => {
    await assert.rejects(activities.flaky(), (err: unknown) => !(err instanceof ApplicationFailure) && (err as Error).message === 'connection reset');
    assert.equal(await activities.fine(1), 2);
  });
});
