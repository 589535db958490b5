/**
 * Routes are declared once, as data: method, path, who may call, request
 * schemas and responses. From this one list the app installs authentication,
 * role checks and ajv validation, serves the OpenAPI 3.1 document, and the
 * authorisation-matrix test enumerates every route.
 */
import type { Request, Response } from 'express';
import type { ScopedJob, StepRow } from '../jobs/job-reads';
import type { AuthUser } from '../auth/auth-user';

export const ROLES = ['admin', 'owner', 'qa', 'manager', 'procurement', 'vendor'] as const;
export type Role = (typeof ROLES)[number];
export const INTERNAL_ROLES: Role[] = ['admin', 'owner', 'qa', 'manager', 'procurement'];

export type JsonSchema = Record<string, unknown>;

export interface ApiRequest extends Request {
  user?: AuthUser;
  /** Set for authenticated routes. */
  auth?: { user: AuthUser; sessionId: string };
  /** Set for job-scoped routes: the job `:id`, already checked to be in the caller's scope. */
  scopedJob?: ScopedJob;
  /** Set for routes declared `jobScoped: 'with-steps'`: the job's step runs, read with it. */
  scopedSteps?: StepRow[];
  /** `<userId>:<Idempotency-Key>` while a POST with that header runs (api/http/idempotency.ts). */
  idempotencyKey?: string;
}

export interface RouteDef {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path, e.g. `/api/jobs/:id`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** `public`: no token needed. Otherwise the roles that may call (others get 403). */
  access: 'public' | { roles: readonly Role[] | 'any' };
  /** People only: an API key answers 403 even when it holds one of the roles (managing keys, people, passwords, sessions). */
  notForApiKeys?: boolean;
  /**
   * The answer carries a secret shown once (an API key, an invitation or reset link): the route
   * ignores `Idempotency-Key`, whose record would keep the answer in the database for a day.
   */
  answerHoldsSecret?: boolean;
  /**
   * Also authenticates with `?ticket=` (a one-use stream ticket, api/live/stream-tickets.ts) when no credential
   * header is sent: for the event stream, which a browser's EventSource opens without headers.
   */
  streamTicket?: boolean;
  /** The route reads one job (`:id`): outside the caller's scope it answers 404, checked by installRoutes before the role gate and the body. */
  jobScoped?: boolean | 'with-steps';
  /**
   * Path parameter schemas (an object schema) for the OpenAPI document; undeclared parameters are documented as strings.
   * Not validated by installRoutes: a value that names nothing is the handler's 404, with its own message.
   */
  params?: JsonSchema;
  query?: JsonSchema;
  body?: JsonSchema;
  /** multipart/form-data: streamed by the handler itself. */
  multipart?: { description: string; fields: Record<string, JsonSchema> };
  /** Success status (default 200). With 204 the handler returns nothing and the installer answers (after any Idempotency-Key record). */
  status?: number;
  responses: Record<number, { description: string; schema?: JsonSchema; contentType?: string }>;
  /** Returns the JSON body (a `JsonText` for pre-serialised JSON, GET only), or sends the response itself and returns undefined. */
  handler: (req: ApiRequest, res: Response) => Promise<unknown>;
}

/**
 * A GET route's answer already serialised as JSON (a hot read whose JSON
 * PostgreSQL rendered): sent as it is, `application/json`.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

/** The job of a job-scoped route (loaded once, by installRoutes' scope check). */
export function jobOf(req: ApiRequest): ScopedJob {
  if (!req.scopedJob) throw new Error(`route ${req.method} ${req.path} used jobOf but is not declared jobScoped`);
  return req.scopedJob;
}

/** The step runs of a route declared `jobScoped: 'with-steps'` (read in the same round trip as the job). */
export function stepsOf(req: ApiRequest): StepRow[] {
  if (!req.scopedSteps) throw new Error(`route ${req.method} ${req.path} used stepsOf but is not declared jobScoped: 'with-steps'`);
  return req.scopedSteps;
}

/** The authenticated user of a route that requires one. */
export function userOf(req: ApiRequest): AuthUser {
  if (!req.user) throw new Error(`route ${req.method} ${req.path} used userOf without authentication`);
  return req.user;
}
