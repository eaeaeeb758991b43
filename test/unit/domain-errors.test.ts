import assert from 'node:assert/strict';
import { ConflictError, domainErrorFrom, domainErrorInfo, isDomainError, NotFoundError } from '../../src/domain/errors';

describe('domain errors', () => {
  it('keep kind, code and message across a serialisation boundary (an activity failure’s details)', () => {
    const sent = new ConflictError('the number has opted out', 'opted_out');
    const info = JSON.parse(JSON.stringify(domainErrorInfo(sent)));
    const back = domainErrorFrom(info);
    assert.ok(back instanceof ConflictError);
    assert.deepEqual([back.kind, back.code, back.message, back.name], ['conflict', 'opted_out', 'the number has opted out', 'ConflictError']);
  });

  it('are told from other errors', () => {
    assert.equal(isDomainError(new NotFoundError('x')), true);
    assert.equal(isDomainError(new Error('x')), false);
    assert.equal(isDomainError({ kind: 'conflict', code: 'conflict', message: 'x' }), false);
  });
});
