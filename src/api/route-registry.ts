import express, { type Request, type Response } from 'express';
import { z, type ZodType } from 'zod';
import type { AuditEntry } from '../audit/audit-log';
import type { Role, SessionUser } from '../auth/sessions';
import { ForbiddenError, UnauthenticatedError, ValidationError } from './errors';

const RANK: Record<Role, number> = { agent: 1, manager: 2, admin: 3 };

export interface RouteContext<B, Q, P> {
  req: Request;
  res: Response;
  user: SessionUser;
  body: B;
  query: Q;
  params: P;
  /**
   * Says what the request changed (an agent's or admin's action). Published to the registry's listener (the audit
   * log) once the handler has succeeded and before the answer is sent; a request that fails publishes nothing.
   */
  record(entry: Omit<AuditEntry, 'actorId'> & { actorId?: string }): void;
}

export interface RouteSpec<B, Q, P> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: string;
  /** Minimum role, or 'public'. Enforced here, on the server, for every route. */
  auth: 'public' | Role;
  body?: ZodType<B>;
  query?: ZodType<Q>;
  params?: ZodType<P>;
  /** Status → description; the first 2xx is the success status. */
  responses: Record<number, string>;
  handler(ctx: RouteContext<B, Q, P>): Promise<unknown>;
}

function parse<T>(schema: ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const r = schema.safeParse(value ?? {});
  if (!r.success) {
    const detail = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : where} ${i.message}`).join('; ');
    throw new ValidationError(`invalid ${where}: ${detail}`);
  }
  return r.data;
}

export type Authenticate = (req: Request) => Promise<SessionUser | null>;
export type ActionListener = (entry: AuditEntry) => Promise<void>;

/** Registers routes on an Express router and describes every one of them in OpenAPI 3.1. */
export class ApiRegistry {
  readonly router = express.Router();
  private readonly specs: RouteSpec<unknown, unknown, unknown>[] = [];

  constructor(
    private readonly authenticate: Authenticate,
    private readonly onAction: ActionListener = async () => undefined,
  ) {}

  route<B = undefined, Q = undefined, P = undefined>(spec: RouteSpec<B, Q, P>): void {
    this.specs.push(spec as RouteSpec<unknown, unknown, unknown>);
    const success = Number(Object.keys(spec.responses).find((s) => s.startsWith('2')) ?? 200);
    this.router[spec.method](spec.path, async (req, res) => {
      let user: SessionUser | null = null;
      if (spec.auth !== 'public') {
        user = await this.authenticate(req);
        if (!user) throw new UnauthenticatedError();
        if (RANK[user.role] < RANK[spec.auth]) throw new ForbiddenError(`this needs the ${spec.auth} role; you are ${user.role === 'admin' ? 'an' : 'a'} ${user.role}`);
      }
      const actions: AuditEntry[] = [];
      const ctx: RouteContext<B, Q, P> = {
        req, res, user: user as SessionUser,
        record: (entry) => actions.push({ ...entry, actorId: entry.actorId ?? user?.id ?? null }),
        body: parse(spec.body, req.body, 'body'),
        query: parse(spec.query, req.query, 'query'),
        params: parse(spec.params, req.params, 'path'),
      };
      const out = await spec.handler(ctx);
      for (const a of actions) await this.onAction(a);
      if (res.headersSent) return;
      if (out === undefined) res.status(success === 200 ? 204 : success).end();
      else res.status(success).json(out);
    });
  }

  routes(): readonly RouteSpec<unknown, unknown, unknown>[] {
    return this.specs;
  }

  openapi(info: { title: string; version: string }): object {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const s of this.specs) {
      const path = s.path.replace(/:([A-Za-z_]+)/g, '{$1}');
      const parameters = [
        ...objectParams(s.params, 'path'),
        ...objectParams(s.query, 'query'),
      ];
      paths[path] ??= {};
      paths[path][s.method] = {
        summary: s.summary,
        tags: [s.tag],
        ...(s.auth === 'public' ? { security: [] } : { 'x-required-role': s.auth }),
        ...(parameters.length ? { parameters } : {}),
        ...(s.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(s.body) } } } } : {}),
        responses: Object.fromEntries(
          Object.entries({ ...s.responses, ...(s.auth === 'public' ? {} : { 401: 'Not signed in', 403: 'Role too low' }), ...(s.body || s.query || s.params ? { 400: 'Invalid input' } : {}) }).map(
            ([code, description]) => [code, code.startsWith('2') ? { description } : { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }],
          ),
        ),
      };
    }
    return {
      openapi: '3.1.0',
      info,
      paths,
      security: [{ bearer: [] }, { cookie: [] }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'parley_session' },
        },
        schemas: {
          Error: {
            type: 'object',
            required: ['error'],
            properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
      },
    };
  }
}

function jsonSchema(schema: ZodType): object {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function objectParams(schema: ZodType | undefined, where: 'path' | 'query'): object[] {
  if (!schema) return [];
  const js = jsonSchema(schema) as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: s,
  }));
}
