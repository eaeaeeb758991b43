import assert from 'node:assert/strict';
import { createConfig, lintFromString, type NormalizedProblem } from '@redocly/openapi-core';
import { describeApi } from '../../src/api/app';
import { DELIVERY_STATUSES } from '../../src/domain/delivery-status';
import { SERVER_EVENTS, serverEvent, serverEventMismatch } from '../../src/realtime/server-events';

interface Operation { operationId: string; responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }
interface Document { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, { enum?: string[] }> } }

async function problems(doc: object): Promise<string[]> {
  const config = await createConfig({ extends: ['recommended'] });
  const found: NormalizedProblem[] = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
  return found.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);
}

describe('the OpenAPI document (built without servers)', () => {
  const doc = describeApi() as Document;

  it('is a valid OpenAPI 3.1 document with no problem under Redocly’s recommended rules', async () => {
    assert.deepEqual(await problems(doc), []);
  });

  it('the check finds a broken document (a response referring to a schema that is not there)', async () => {
    const broken = structuredClone(doc);
    delete broken.components.schemas.InteractionDetail;
    const found = await problems(broken);
    assert.ok(found.some((p) => p.startsWith('error no-unresolved-refs') && p.includes('~1api~1interactions~1{id}/get/responses/200')), found.join('\n'));
  });

  it('gives every JSON success response a named schema; only 204s and the event stream go without', () => {
    const bodiless: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const [status, success] = Object.entries(op.responses).find(([s]) => s.startsWith('2'))!;
        const json = success.content?.['application/json']?.schema.$ref;
        if (json) assert.ok(doc.components.schemas[json.replace('#/components/schemas/', '')], `${json} is defined`);
        else bodiless.push(`${status} ${method} ${path}`);
      }
    }
    assert.deepEqual(bodiless.sort(), [
      '200 get /api/events', '204 delete /api/admin/away-reasons/{id}', '204 delete /api/admin/groups/{id}', '204 delete /api/admin/messaging-actions/{id}', '204 delete /api/admin/queues/{id}', '204 delete /api/admin/reject-reasons/{id}',
      '204 post /api/admin/users/{id}/password', '204 post /api/auth/logout', '204 post /api/interactions/{id}/read',
    ]);
    assert.ok(doc.paths['/api/events'].get.responses['200'].content?.['text/event-stream'], 'the stream says what it is');
  });

  it('issue 26, SPEC §9 real-time: documents each server-sent event the hub sends, by name, as a ServerEvent… component', () => {
    const events = doc.components.schemas.ServerEvents as { properties?: Record<string, { $ref?: string }>; required?: string[] };
    const op = doc.paths['/api/events'].get as Operation & { 'x-server-events'?: { $ref: string } };
    assert.equal(op['x-server-events']?.$ref, '#/components/schemas/ServerEvents');
    const stream = op.responses['200'].content?.['text/event-stream']?.schema as { contentSchema?: { $ref?: string } } | undefined;
    assert.equal(stream?.contentSchema?.$ref, '#/components/schemas/ServerEvents', 'the stream’s content refers to its events');
    assert.deepEqual(Object.keys(events.properties ?? {}).sort(), Object.keys(SERVER_EVENTS).sort());
    assert.deepEqual([...(events.required ?? [])].sort(), Object.keys(SERVER_EVENTS).sort(), 'every event has its payload');
    for (const [name, ref] of Object.entries(events.properties ?? {})) {
      const id = ref.$ref?.replace('#/components/schemas/', '') ?? '';
      assert.match(id, /^ServerEvent[A-Z]/, `${name} refers to a named component`);
      assert.ok(doc.components.schemas[id], `${id} is defined`);
    }
    // SPEC §9 real-time: what the stream carries is what the schema says (the Workspace parses it by event name).
    assert.equal(serverEvent('interaction', { id: 'i1', state: 'queued', unreadCount: 2 }), 'event: interaction\ndata: {"id":"i1","state":"queued","unreadCount":2}\n\n');
    assert.equal(serverEventMismatch('interaction', { id: 'i1', state: 'queued', unreadCount: 2 }), null);
    // What tests' hubs (API_CHECK_RESPONSES) refuse to send, naming the field:
    assert.match(serverEventMismatch('presence', { status: 'busy' as 'away' }) ?? '', /^the presence event does not match its schema: status: /);
    assert.match(serverEventMismatch('offers', { extra: 1 } as unknown as Record<string, never>) ?? '', /offers event does not match/);
  });

  it('lists every delivery status the backend stores', () => {
    const statuses: string[] = doc.components.schemas.DeliveryStatus.enum ?? [];
    for (const s of ['accepted', 'scheduled', 'canceled', 'read']) assert.ok(statuses.includes(s), `${s} is listed`);
    assert.deepEqual(statuses, [...DELIVERY_STATUSES]);
  });

  it('names each operation once', () => {
    const ids = Object.values(doc.paths).flatMap((m) => Object.values(m).map((op) => op.operationId));
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(doc.paths['/api/offers/{id}/accept'].post.operationId, 'postOffersByIdAccept');
  });
});
