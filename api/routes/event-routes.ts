/**
 * The live event stream (api/live/): a one-use ticket for browsers, and the
 * stream itself, scoped like every read.
 */
import type { AppDeps } from '../deps';
import { principalForApiKey } from '../auth/api-keys';
import { userForSession } from '../auth/sessions';
import { INLINE } from '../http/response-schemas';
import { userOf, type ApiRequest, type RouteDef } from '../http/route';
import { DEFAULT_EVENT_STREAM_SETTINGS, openEventStream } from '../live/event-stream';
import type { LiveHub } from '../live/live-hub';
import { STREAM_TICKET_PATTERN, issueStreamTicket } from '../live/stream-tickets';

/** The credential a request authenticated with, to check later that it still holds (the session, or the API key). */
function recheckerOf(deps: AppDeps, req: ApiRequest) {
  const auth = req.auth!;
  if (auth.user.apiKeyId) {
    const header = req.headers.authorization;
    const token = header !== undefined ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : String(req.headers['x-api-key'] ?? '');
    return async () => (token ? (await principalForApiKey(deps.db.prisma, token))?.user : undefined);
  }
  return async () => (await userForSession(deps.db.prisma, auth.sessionId))?.user;
}

export function eventRoutes(deps: AppDeps & { liveHub: LiveHub }): RouteDef[] {
  const settings = { ...DEFAULT_EVENT_STREAM_SETTINGS, ...deps.liveEvents };
  return [
    {
      method: 'post', path: '/api/events/ticket', operationId: 'createEventStreamTicket', tag: 'events', status: 201,
      summary: 'A one-use ticket (60 s) that opens the live event stream: GET /api/events?ticket=… (EventSource cannot send an Authorization header)',
      access: { roles: 'any' }, notForApiKeys: true, answerHoldsSecret: true,
      responses: { 201: { description: '{ ticket, expiresAt }: bound to this session, usable once', schema: INLINE.streamTicket } },
      async handler(req) {
        const { ticket, expiresAt } = await issueStreamTicket(deps.db.prisma, req.auth!.sessionId);
        return { ticket, expiresAt: expiresAt.toISOString() };
      },
    },
    {
      method: 'get', path: '/api/events', operationId: 'streamEvents', tag: 'events', streamTicket: true,
      summary: 'Live updates of the jobs the caller may read, and of their inbox (server-sent events; resumable with Last-Event-ID)',
      access: { roles: 'any' },
      query: { type: 'object', additionalProperties: false, properties: {
        ticket: { type: 'string', pattern: STREAM_TICKET_PATTERN, description: 'From POST /api/events/ticket, in place of the Authorization header' },
        lastEventId: { type: 'string', pattern: '^[0-9]{1,15}$', description: 'Resume after this event id, as the Last-Event-ID header does (which wins): for a client that reconnects with a new EventSource' },
      } },
      responses: {
        200: { description: 'text/event-stream until the client disconnects or the session ends', contentType: 'text/event-stream', schema: INLINE.eventStream },
        429: { description: 'too-many-requests: the caller already has the most streams open' },
      },
      async handler(req, res) {
        userOf(req);
        await openEventStream(req, res, deps.liveHub, recheckerOf(deps, req), settings);
        return undefined;
      },
    },
  ];
}
