import express, { type Request, type Response } from 'express';
import { z, type ZodType } from 'zod';
import type { AuditEntry } from '../audit/audit-log';
import type { Role, SessionUser } from '../auth/sessions';
import { ForbiddenError, InvalidInputError, UnauthenticatedError } from '../domain/errors';
import { componentRef, responseComponents, schemaName } from './schemas/registry';

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

export interface RouteSpec<B, Q, P, R> {
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
  /** The success response's JSON body, a named schema (schemas/registry.ts). Without it the success is bodiless. */
  result?: ZodType<R>;
  /** A route that writes its own response instead (server-sent events) names its content type. */
  streams?: 'text/event-stream';
  /** With `streams`: a named object schema, each event name → its payload (published as `x-server-events`). */
  events?: ZodType;
  handler(ctx: RouteContext<B, Q, P>): Promise<NoInfer<R>>;
}

type AnyRoute = RouteSpec<unknown, unknown, unknown, unknown>;

export interface ApiRegistryOptions {
  /**
   * Parse every JSON response with its route's result schema and answer 500 when it does not match (tests: each
   * request they make is then a check of the documented contract). Off in production: it costs a parse per response.
   */
  checkResponses?: boolean;
  /** Hears what each successful request says it changed (the audit log). */
  onAction?: ActionListener;
}

/** A handler's output does not match the schema its route documents. */
export class ResponseMismatchError extends Error {}

function parse<T>(schema: ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const r = schema.safeParse(value ?? {});
  if (!r.success) {
    const detail = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : where} ${i.message}`).join('; ');
    throw new InvalidInputError(`invalid ${where}: ${detail}`);
  }
  return r.data;
}

export type Authenticate = (req: Request) => Promise<SessionUser | null>;
export type ActionListener = (entry: AuditEntry) => Promise<void>;

/** Registers routes on an Express router and describes every one of them in OpenAPI 3.1. */
export class ApiRegistry {
  readonly router = express.Router();
  private readonly specs: AnyRoute[] = [];

  constructor(
    private readonly authenticate: Authenticate,
    private readonly options: ApiRegistryOptions = {},
  ) {}

  route<B = undefined, Q = undefined, P = undefined, R = void>(spec: RouteSpec<B, Q, P, R>): void {
    const success = successStatus(spec as AnyRoute);
    this.specs.push(spec as AnyRoute);
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
      for (const a of actions) await this.options.onAction?.(a);
      if (res.headersSent || spec.streams) return;
      if (!spec.result) res.status(success).end();
      else res.status(success).json(this.options.checkResponses ? checked(spec as AnyRoute, out) : out);
    });
  }

  routes(): readonly AnyRoute[] {
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
        operationId: operationId(s),
        summary: s.summary,
        tags: [s.tag],
        ...(s.auth === 'public' ? { security: [] } : { 'x-required-role': s.auth }),
        ...(parameters.length ? { parameters } : {}),
        ...(s.events ? { 'x-server-events': { $ref: componentRef(schemaName(s.events)!) } } : {}),
        ...(s.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(s.body) } } } } : {}),
        responses: Object.fromEntries(
          Object.entries({ ...s.responses, ...(s.auth === 'public' ? {} : { 401: 'Not signed in', 403: 'Role too low' }), ...(s.body || s.query || s.params ? { 400: 'Invalid input' } : {}) }).map(
            ([code, description]) => [code, { description, ...responseContent(s, code) }],
          ),
        ),
      };
    }
    return {
      openapi: '3.1.0',
      info: { ...info, license: { name: 'MIT', identifier: 'MIT' } },
      // Relative: the api serves this document at its own origin, whatever that is.
      servers: [{ url: '/' }],
      paths,
      security: [{ bearer: [] }, { cookie: [] }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'parley_session' },
        },
        schemas: {
          ...responseComponents(),
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

/** `post /api/offers/:id/accept` → postOffersByIdAccept: unique per route, and stable while the route is. */
function operationId(spec: AnyRoute): string {
  const words = spec.path
    .replace(/^\/api\//, '')
    .split('/')
    .map((seg) => (seg.startsWith(':') ? `By-${seg.slice(1)}` : seg));
  return spec.method + words.join('-').split(/[-_]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

function successStatus(spec: AnyRoute): number {
  const where = `${spec.method.toUpperCase()} ${spec.path}`;
  const success = Number(Object.keys(spec.responses).find((s) => s.startsWith('2')));
  if (!success) throw new Error(`${where}: document its success status in responses`);
  if (spec.result && !schemaName(spec.result)) throw new Error(`${where}: name its result schema with named() so clients get one type for it`);
  if (spec.events && (!spec.streams || !schemaName(spec.events))) throw new Error(`${where}: events are a named schema of a streaming route`);
  if (!spec.result && !spec.streams && success !== 204) throw new Error(`${where}: a ${success} response needs a result schema (or 204 for no body)`);
  return success;
}

function responseContent(spec: AnyRoute, status: string): object {
  if (!status.startsWith('2')) return { content: { 'application/json': { schema: { $ref: componentRef('Error') } } } };
  // The stream is text; its events' payloads are the JSON the `events` schema names (JSON Schema's contentSchema).
  if (spec.streams) return { content: { [spec.streams]: { schema: { type: 'string', ...(spec.events ? { contentSchema: { $ref: componentRef(schemaName(spec.events)!) } } : {}) } } } };
  if (spec.result) return { content: { 'application/json': { schema: { $ref: componentRef(schemaName(spec.result)!) } } } };
  return {};
}

/** The body as the client will read it (after JSON), checked against the route's documented schema. */
function checked(spec: AnyRoute, out: unknown): unknown {
  const json: unknown = out === undefined ? undefined : JSON.parse(JSON.stringify(out));
  const r = spec.result!.safeParse(json);
  if (r.success) return out;
  const issues = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`).join('; ');
  throw new ResponseMismatchError(`the response of ${spec.method.toUpperCase()} ${spec.path} does not match its schema ${schemaName(spec.result!)}: ${issues}`);
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
