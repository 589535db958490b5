/**
 * Installs declared routes on an Express router: authentication, role gate,
 * the edge input rule (input-rules.ts) and ajv validation of query and body, Idempotency-Key replay for POSTs, and the
 * JSON answer. Everything a route needs to be safe is applied here, once.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { Router, type NextFunction, type Response } from 'express';
import type { AppDeps } from '../deps';
import { userForToken } from '../auth/sessions';
import { looksLikeApiKey, principalForApiKey } from '../auth/api-keys';
import { findJobInScope } from '../access/job-scope';
import { STREAM_TICKET_PATTERN, redeemStreamTicket } from '../live/stream-tickets';
import { withIdempotency, type RouteResult } from './idempotency';
import { assertStorableText, integerRangeProblem, withStorableBounds } from './input-rules';
import { badRequest, forbidden, unauthorized, type ProblemField } from './problem';
import { JsonText, type ApiRequest, type RouteDef } from './route';

const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false });
addFormats(ajv);
const queryAjv = new Ajv({ allErrors: true, strict: false, coerceTypes: true, useDefaults: true });
addFormats(queryAjv);

function fieldsOf(errors: ErrorObject[] | null | undefined, root: string): ProblemField[] {
  return (errors ?? []).map((e) => {
    const missing = e.keyword === 'required' ? `/${String((e.params as { missingProperty: string }).missingProperty)}` : '';
    const extra = e.keyword === 'additionalProperties' ? `/${String((e.params as { additionalProperty: string }).additionalProperty)}` : '';
    const message = e.keyword === 'additionalProperties' ? 'is not a known property' : (e.message ?? 'is invalid');
    return { path: `${root}${e.instancePath}${missing}${extra}`, message };
  });
}

/** The bearer token, or else the `X-Api-Key` header (API keys only). */
function credentialOf(req: ApiRequest): string | undefined {
  const header = req.headers.authorization;
  if (header !== undefined) return /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  const apiKey = req.headers['x-api-key'];
  return typeof apiKey === 'string' && looksLikeApiKey(apiKey) ? apiKey : undefined;
}

async function authenticate(deps: AppDeps, req: ApiRequest, route: RouteDef): Promise<void> {
  const token = credentialOf(req);
  const ticket = (req.query as Record<string, unknown>).ticket;
  if (!token && route.streamTicket && req.headers.authorization === undefined && typeof ticket === 'string') {
    const found = new RegExp(STREAM_TICKET_PATTERN).test(ticket) ? await redeemStreamTicket(deps.db.prisma, ticket) : undefined;
    if (!found) throw unauthorized('The stream ticket is invalid, used or expired; ask for a new one with POST /api/events/ticket.');
    req.user = found.user;
    req.auth = found;
    return;
  }
  if (!token) throw unauthorized();
  if (looksLikeApiKey(token)) {
    const principal = await principalForApiKey(deps.db.prisma, token);
    if (!principal) throw unauthorized('The API key is invalid, expired or revoked; ask an admin for a new one.');
    req.user = principal.user;
    req.auth = principal;
    return;
  }
  const found = await userForToken(deps.db.prisma, token);
  if (!found) throw unauthorized('The token is invalid, expired or revoked; log in again.');
  req.user = found.user;
  req.auth = found;
}

export function installRoutes(deps: AppDeps, routes: RouteDef[]): Router {
  const router = Router();
  for (const route of routes) {
    // The edge input rule (input-rules.ts): integers bounded to the database range, strings storable.
    const validateBody: ValidateFunction | undefined = route.body ? ajv.compile(withStorableBounds(route.body)) : undefined;
    const validateQuery: ValidateFunction | undefined = route.query ? queryAjv.compile(withStorableBounds(route.query)) : undefined;
    router[route.method](route.path, (req: ApiRequest, res: Response, next: NextFunction) => {
      const run = async (): Promise<void> => {
        if (route.access !== 'public') await authenticate(deps, req, route);
        // Path parameters are checked before anything reads them (the job scope below queries by `:id`).
        assertStorableText(req.params, 'path');
        if (route.access !== 'public') {
          // Scope before role and body: a job outside the caller's scope answers 404 whatever else is wrong.
          if (route.jobScoped) {
            const { steps, ...job } = await findJobInScope(deps.db, req.user!, String(req.params.id), route.jobScoped === 'with-steps');
            req.scopedJob = job;
            req.scopedSteps = steps;
          }
          const { roles } = route.access;
          if (roles !== 'any' && !req.user!.roles.some((r) => roles.includes(r))) {
            throw forbidden(`This action needs one of the roles: ${roles.join(', ')}.`);
          }
          if (route.notForApiKeys && req.user!.apiKeyId) throw forbidden('API keys cannot manage keys, people, passwords, sessions or notification channels; sign in as a person.');
        }
        assertStorableText(req.query, 'query');
        if (route.method === 'post') assertStorableText(req.get('Idempotency-Key'), 'header/Idempotency-Key');
        if (validateQuery) {
          const query = { ...(req.query as Record<string, unknown>) };
          if (!validateQuery(query)) throw integerRangeProblem(validateQuery.errors, 'query') ?? badRequest('The query string is invalid.', fieldsOf(validateQuery.errors, 'query'));
          Object.defineProperty(req, 'query', { value: query, writable: true });
        }
        if (validateBody) {
          // No body at all is an empty object: optional-only bodies may be left out, required properties are named.
          const noBody = req.headers['content-type'] === undefined && !req.headers['transfer-encoding'] && Number(req.headers['content-length'] ?? 0) === 0;
          if (noBody) req.body = {};
          else if (!req.is('application/json')) throw badRequest('Send the body as application/json.');
          assertStorableText(req.body, 'body');
          if (!validateBody(req.body)) throw integerRangeProblem(validateBody.errors, 'body') ?? badRequest('The request body is invalid.', fieldsOf(validateBody.errors, 'body'));
        }
        const execute = async (): Promise<RouteResult> => {
          const body = await route.handler(req, res);
          if (body instanceof JsonText && route.method !== 'get') throw new Error(`${route.operationId}: JsonText answers are for GET routes (Idempotency-Key records store JSON values)`);
          return { status: route.status ?? 200, body };
        };
        const result = route.method === 'post' && req.user && !route.answerHoldsSecret ? await withIdempotency(deps, req, execute) : await execute();
        if (res.headersSent) return;
        // 204 routes return nothing; the answer goes out only after any Idempotency-Key record is stored.
        if (result.status === 204) {
          res.status(204).end();
          return;
        }
        if (result.body === undefined) return;
        if (result.replayed) res.set('Idempotent-Replayed', 'true');
        if (result.body instanceof JsonText) res.status(result.status).type('application/json').send(result.body.text);
        else if (result.status >= 400) res.status(result.status).type('application/problem+json').send(JSON.stringify(result.body));
        else res.status(result.status).json(result.body);
      };
      run().catch(next);
    });
  }
  return router;
}
