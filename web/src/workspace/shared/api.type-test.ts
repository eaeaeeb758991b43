// Compiled by `npm run typecheck` (web/tsconfig.json), never bundled or run: each `@ts-expect-error` proves a call
// the api does not document fails to compile (issue 26). If one of them stops being an error, typecheck fails.
import { useEventStream } from '../../use-event-stream';
import { api, workspaceApi, type Presence, type ServerEvents, WORKSPACE_EVENTS_URL } from './api';

export async function wrongCallsDoNotCompile(): Promise<void> {
  // @ts-expect-error a path the api does not have
  await api.GET('/api/no-such-path');
  // @ts-expect-error a method the path does not take
  await api.DELETE('/api/me');
  // @ts-expect-error a body field the route does not take
  await api.PUT('/api/me/presence', { body: { status: 'away', mood: 'lunch' } });
  // @ts-expect-error a presence outside the documented enum
  await api.PUT('/api/me/presence', { body: { status: 'busy' } });
  // @ts-expect-error a required body left out
  await api.POST('/api/interactions/{id}/messages', { params: { path: { id: 'i' } } });
  // @ts-expect-error the path parameter left out
  await api.POST('/api/offers/{id}/accept');
  // @ts-expect-error a query parameter the route does not read
  await api.GET('/api/interactions/history', { params: { query: { sort: 'newest' } } });
  // @ts-expect-error a facade's body is checked too
  await workspaceApi.setPreferences({ ringtone: 'bell' });
}

export async function answersHaveTheirDocumentedTypes(): Promise<Presence> {
  const me = await workspaceApi.me();
  // @ts-expect-error Me has no such field
  void me.password;
  return me.presence;
}

export function useServerEventsAreTyped(): void {
  useEventStream<ServerEvents>(WORKSPACE_EVENTS_URL, {
    events: {
      interaction: (data) => {
        const state: ServerEvents['interaction']['state'] = data.state;
        // @ts-expect-error the interaction event carries ids and counts, not content
        void data.body;
        void state;
      },
      presence: (data) => {
        // @ts-expect-error a presence event's status is a Presence
        const n: number = data.status;
        void n;
      },
      // @ts-expect-error an event the api does not send
      typing: () => undefined,
    },
  });
}
