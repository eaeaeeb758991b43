import { z } from 'zod';
import { getPreferences, setPreferences } from '../../use-cases/agent-preferences';
import type { ApiDeps } from '../context';
import type { ApiRegistry } from '../route-registry';
import { AgentPreferences } from '../schemas/users';

export function preferencesRoutes(api: ApiRegistry, { db }: ApiDeps): void {
  api.route({
    method: 'get', path: '/api/me/preferences', tag: 'me', auth: 'agent', summary: 'My alert preferences (NOT-1; both off until I opt in)',
    responses: { 200: 'My preferences' },
    result: AgentPreferences,
    handler: async ({ user }) => getPreferences(db, user.id),
  });

  api.route({
    method: 'put', path: '/api/me/preferences', tag: 'me', auth: 'agent', summary: 'Change my alert preferences; what is left out stays as it was',
    body: z
      .object({ audioAlerts: z.boolean().optional(), desktopNotifications: z.boolean().optional() })
      .strict()
      .refine((b) => b.audioAlerts !== undefined || b.desktopNotifications !== undefined, 'give audioAlerts or desktopNotifications'),
    responses: { 200: 'My preferences after the change' },
    result: AgentPreferences,
    handler: async ({ user, body, record }) => {
      const { before, after } = await setPreferences(db, user.id, body);
      if (before.audioAlerts !== after.audioAlerts || before.desktopNotifications !== after.desktopNotifications) {
        record({ action: 'preferences.changed', subject: { type: 'user', id: user.id }, detail: { ...after } });
      }
      return after;
    },
  });
}
