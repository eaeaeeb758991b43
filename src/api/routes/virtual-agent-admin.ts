import { z } from 'zod';
import { SYSTEM_TEXT_KEYS } from '../../system-texts/defaults';
import {
  getTopics, listCompanyNumbers, listSystemTexts, saveSystemTexts, saveTopics, tryTopics, updateCompanyNumber,
} from '../../use-cases/virtual-agent-admin';
import type { ApiDeps } from '../context';
import type { ApiRegistry } from '../route-registry';
import { CompanyNumber, CompanyNumberChange, CompanyNumberList, SystemTextList, TranslationsInput, VaSession, VaTopics, VaTryTurn } from '../schemas/virtual-agent';

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +14155550100');

/** SPEC §6 and §8 for admins: the virtual agent's topics, the texts requesters receive, and company numbers. */
export function virtualAgentAdminRoutes(api: ApiRegistry, { db }: ApiDeps): void {
  api.route({
    method: 'get', path: '/api/admin/virtual-agent/topics', tag: 'admin', auth: 'admin', summary: 'The virtual agent’s topics in force (newest version)',
    responses: { 200: 'The topic document and its version' },
    result: VaTopics,
    handler: async () => getTopics(db),
  });

  api.route({
    method: 'put', path: '/api/admin/virtual-agent/topics', tag: 'admin', auth: 'admin',
    summary: 'Replace the whole topic document (a new version; the previous are kept); 400 lists every error with its JSON path',
    body: z.record(z.string(), z.unknown()),
    responses: { 200: 'Saved as a new version', 400: 'Every validation error, each with its JSON path' },
    result: VaTopics,
    handler: async ({ user, body }) => saveTopics(db, user.id, body),
  });

  api.route({
    method: 'post', path: '/api/admin/virtual-agent/try', tag: 'admin', auth: 'admin',
    summary: 'Run the virtual agent on one text without sending any SMS (the admin page’s test conversation)',
    body: z
      .object({
        text: z.string().max(1600), session: VaSession.nullish(), document: z.record(z.string(), z.unknown()).optional(),
        /** VA-3: try it as a requester texting this company number (only the topics offered there). */
        companyNumber: e164.optional(),
      })
      .strict(),
    responses: { 200: 'The replies, the next session and the outcome' },
    result: VaTryTurn,
    handler: async ({ body }) => tryTopics(db, body),
  });

  api.route({
    method: 'get', path: '/api/admin/system-texts', tag: 'admin', auth: 'admin', summary: 'The texts requesters may receive by SMS (SPEC §8)',
    responses: { 200: 'Every system text with its description' },
    result: SystemTextList,
    handler: async () => listSystemTexts(db),
  });

  api.route({
    method: 'put', path: '/api/admin/system-texts', tag: 'admin', auth: 'admin',
    summary: 'Change system texts (any subset, by key); translations, when given, replace that text\'s translations (SYS-6)',
    body: z
      .array(
        z
          .object({
            key: z.enum(SYSTEM_TEXT_KEYS), body: z.string().trim().min(1, 'must not be empty').max(1600), enabled: z.boolean(),
            translations: TranslationsInput.optional(),
          })
          .strict(),
      )
      .min(1, 'give at least one text'),
    responses: { 200: 'Every system text, as saved' },
    result: SystemTextList,
    handler: async ({ user, body }) => saveSystemTexts(db, user.id, body),
  });

  api.route({
    method: 'get', path: '/api/admin/company-numbers', tag: 'admin', auth: 'admin', summary: 'Company numbers and how each answers',
    responses: { 200: 'Every company number' },
    result: CompanyNumberList,
    handler: async () => listCompanyNumbers(db),
  });

  api.route({
    method: 'patch', path: '/api/admin/company-numbers/:number', tag: 'admin', auth: 'admin',
    summary:
      'Change a company number: liveAgentOnly (false: the virtual agent answers new conversations first); virtualAgentOnly ' +
      '(RI-9/VA-13: no handoff to live agents; not with liveAgentOnly); quietHours ' +
      '{start, end} in the requester\'s local time, or null for none; timeZone for requesters whose number does not ' +
      'settle one; ratePerSecond, the provider\'s sending rate (SPEC §9)',
    params: z.object({ number: e164 }),
    body: CompanyNumberChange,
    responses: { 200: 'The company number as changed', 404: 'Not one of our company numbers' },
    result: CompanyNumber,
    handler: async ({ user, params, body }) => updateCompanyNumber(db, user.id, params.number, body),
  });
}
