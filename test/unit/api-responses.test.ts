import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import pino from 'pino';
import { z } from 'zod';
import { answerErrors } from '../../src/api/app';
import { ApiRegistry } from '../../src/api/route-registry';
import { InteractionStateChange } from '../../src/api/schemas/interactions';
import { SupervisedInteraction } from '../../src/api/schemas/routing';
import {
  ConflictError, DomainError, ForbiddenError, InvalidInputError, NotFoundError, PayloadTooLargeError, UnauthenticatedError, UnavailableError,
} from '../../src/domain/errors';

/** A registry with public test routes (answering with the api's own schemas) behind the api's error answerer. */
async function serve(checkResponses: boolean, outputs: Record<string, () => unknown>, result: z.ZodType = InteractionStateChange): Promise<{ url: string; close(): Promise<void> }> {
  const api = new ApiRegistry(async () => null, { checkResponses });
  for (const [name, out] of Object.entries(outputs)) {
    api.route({
      method: 'get', path: `/api/test/${name}`, tag: 'test', auth: 'public', summary: name,
      responses: { 200: 'The output' }, result,
      handler: async () => out(),
    });
  }
  const app = express();
  app.use('/api', express.json());
  app.post('/api/test/echo', (req, res) => {
    res.json(req.body);
  });
  app.use(api.router);
  app.use(answerErrors(pino({ level: 'silent' })));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function get(url: string): Promise<{ status: number; body: { error?: { code: string; message: string } } & Record<string, unknown> }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as never };
}

describe('api responses: domain errors mapped to HTTP, and responses checked against their schemas', () => {
  const errors: [DomainError, number, string][] = [
    [new InvalidInputError('give a reason'), 400, 'invalid_request'],
    [new UnauthenticatedError(), 401, 'unauthenticated'],
    [new ForbiddenError('not yours'), 403, 'forbidden'],
    [new NotFoundError('no such offer'), 404, 'not_found'],
    [new ConflictError('this offer expired'), 409, 'conflict'],
    [new ConflictError('the number has opted out', 'opted_out'), 409, 'opted_out'],
    [new PayloadTooLargeError('too long'), 413, 'payload_too_large'],
    [new UnavailableError('Temporal is down'), 503, 'unavailable'],
  ];
  let server: Awaited<ReturnType<typeof serve>>;
  before(async () => {
    server = await serve(true, {
      ok: () => ({ state: 'on_hold' }),
      extra: () => ({ state: 'on_hold', passwordHash: 'x' }),
      wrong: () => ({ state: 'asleep' }),
      crash: () => {
        throw new Error('secret detail');
      },
      ...Object.fromEntries(errors.map(([err], i) => [`error${i}`, () => {
        throw err;
      }])),
    });
  });
  after(() => server?.close());

  for (const [i, [err, status, code]] of errors.entries()) {
    it(`${err.name} → ${status} {code: ${code}} with its message`, async () => {
      const r = await get(`${server.url}/api/test/error${i}`);
      assert.equal(r.status, status);
      assert.deepEqual(r.body, { error: { code, message: err.message } });
    });
  }

  it('answers an unexpected error 500 without its message or stack', async () => {
    const r = await get(`${server.url}/api/test/crash`);
    assert.equal(r.status, 500);
    assert.equal(r.body.error?.code, 'internal');
    assert.doesNotMatch(JSON.stringify(r.body), /secret detail|at /);
  });

  it('answers a malformed JSON body 400 invalid_json', async () => {
    const res = await fetch(`${server.url}/api/test/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), { error: { code: 'invalid_json', message: 'request body is not valid JSON' } });
  });

  it('passes a response that matches its schema', async () => {
    assert.deepEqual(await get(`${server.url}/api/test/ok`), { status: 200, body: { state: 'on_hold' } });
  });

  it('checks the body as the client reads it: a Date is its ISO string', async () => {
    const row = {
      id: crypto.randomUUID(), state: 'queued', requesterNumber: '+15551230000', requesterName: null, workflowId: 'interaction-1', companyNumber: '+15005550006', queueId: null, queueName: null,
      assignedAgentId: null, assignedAgentName: null, offeredAgentId: null, createdAt: new Date(0), queuedAt: null, waitSeconds: null,
      exceededTargetWait: false, lastMessageAt: null,
    };
    const dated = await serve(true, { dated: () => row }, SupervisedInteraction);
    try {
      assert.deepEqual(await get(`${dated.url}/api/test/dated`), { status: 200, body: { ...row, createdAt: '1970-01-01T00:00:00.000Z' } });
    } finally {
      await dated.close();
    }
  });

  it('answers 500 response_mismatch, naming the route, schema and field, for a wrong type or an undocumented field', async () => {
    const wrong = await get(`${server.url}/api/test/wrong`);
    assert.equal(wrong.status, 500);
    assert.equal(wrong.body.error?.code, 'response_mismatch');
    assert.match(wrong.body.error!.message, /GET \/api\/test\/wrong does not match its schema InteractionStateChange: state: .*expected one of/);
    const extra = await get(`${server.url}/api/test/extra`);
    assert.equal(extra.status, 500);
    assert.match(extra.body.error!.message, /passwordHash/);
  });

  it('sends handler output unchecked when checking is off (production)', async () => {
    const unchecked = await serve(false, { wrong: () => ({ state: 'asleep' }) });
    try {
      assert.deepEqual(await get(`${unchecked.url}/api/test/wrong`), { status: 200, body: { state: 'asleep' } });
    } finally {
      await unchecked.close();
    }
  });

  it('refuses to register a JSON success response without a named schema', () => {
    const api = new ApiRegistry(async () => null);
    const route = { method: 'get', path: '/api/test/x', tag: 'test', auth: 'public', summary: 'x', responses: { 200: 'x' } } as const;
    assert.throws(() => api.route({ ...route, handler: async () => undefined }), /GET \/api\/test\/x: a 200 response needs a result schema/);
    assert.throws(() => api.route({ ...route, result: z.strictObject({}), handler: async () => ({}) }), /name its result schema with named\(\)/);
  });
});
