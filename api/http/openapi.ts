/** The OpenAPI 3.1 document, generated from the same route declarations that validate requests. */
import { withStorableBounds } from './input-rules';
import type { JsonSchema, RouteDef } from './route';
import { RESPONSE_COMPONENTS } from './response-schemas';

const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

function withStorableSchemas(route: RouteDef): RouteDef {
  return {
    ...route,
    ...(route.params ? { params: withStorableBounds(route.params) } : {}),
    ...(route.query ? { query: withStorableBounds(route.query) } : {}),
    ...(route.body ? { body: withStorableBounds(route.body) } : {}),
    ...(route.multipart ? { multipart: { ...route.multipart, fields: Object.fromEntries(Object.entries(route.multipart.fields).map(([k, v]) => [k, withStorableBounds(v)])) } } : {}),
  };
}

export function openApiDocument(routes: RouteDef[], serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const declared of routes) {
    // The edge input rule (input-rules.ts) shows in the document: integer bounds, storable-text patterns.
    const route = withStorableSchemas(declared);
    const paramSchemas = (route.params?.properties ?? {}) as Record<string, JsonSchema>;
    const params = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: paramSchemas[m[1]!] ?? withStorableBounds({ type: 'string' }) }));
    const queryParams = Object.entries(((route.query?.properties ?? {}) as Record<string, unknown>)).map(([name, schema]) => ({ name, in: 'query', required: false, schema }));
    const roles = route.access === 'public' ? 'public' : route.access.roles === 'any' ? 'any signed-in user' : route.access.roles.join(', ');
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      description: `Who: ${roles}.${route.jobScoped ? ' Vendors reach only their own organisation\'s jobs (404 otherwise).' : ''}${route.method === 'post' && route.access !== 'public' ? (route.answerHoldsSecret ? ' Ignores `Idempotency-Key` (the answer holds a secret that must not be stored).' : ' Honours `Idempotency-Key`.') : ''}`,
      tags: [route.tag],
      parameters: [...params, ...queryParams],
      ...(route.access === 'public' ? { security: [] } : route.notForApiKeys ? { security: [{ bearer: [] }] } : {}),
      responses: Object.fromEntries([
        ...Object.entries(route.responses).map(([status, r]) => [
          status,
          { description: r.description, ...(r.schema || (Number(status) < 300 && Number(status) !== 204) ? { content: { [r.contentType ?? 'application/json']: { schema: r.schema ?? {} } } } : {}) },
        ]),
        ['default', { description: 'Problem', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } }],
      ]),
    };
    if (route.body) operation.requestBody = { required: true, content: { 'application/json': { schema: route.body } } };
    if (route.multipart) {
      operation.requestBody = {
        required: true,
        description: route.multipart.description,
        content: { 'multipart/form-data': { schema: { type: 'object', properties: route.multipart.fields, additionalProperties: { type: 'string', format: 'binary' } } } },
      };
    }
    (paths[toOpenApiPath(route.path)] ??= {})[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: '外发跟进 SOP orchestrator API', version: '1.0.0', description: 'Errors are application/problem+json (RFC 9457).' },
    servers: [{ url: serverUrl }],
    // A session token, or an API key (`sopk_…`) as the bearer token or in X-Api-Key.
    security: [{ bearer: [] }, { apiKey: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } },
      schemas: {
        ...RESPONSE_COMPONENTS,
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, instance: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' }, code: { type: 'string' } } } },
          },
        },
      },
    },
  };
}
