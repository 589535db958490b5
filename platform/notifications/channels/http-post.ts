/**
 * JSON POSTs to robots and webhooks over node:http(s) with keep-alive agents
 * (one connection pool per process), which costs a fraction of `fetch`'s CPU
 * per request when thousands of notices fall due together.
 */
import http from 'node:http';
import https from 'node:https';
import { DeliveryError, transientStatus } from '../delivery-error';

export interface HttpAnswer {
  status: number;
  text: string;
}

const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 32 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 32 }),
};

/** The part of an answer kept (for the error message); the rest is read and dropped. */
const ANSWER_LIMIT = 500;

/**
 * POSTs a JSON body; a network failure or timeout (`timeoutMs` for the whole
 * exchange) is a transient DeliveryError whose message names the cause,
 * never the URL (it may hold a token).
 */
export function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<HttpAnswer> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const payload = Buffer.from(body, 'utf8');
  return new Promise<HttpAnswer>((resolve, reject) => {
    let settled = false;
    const fail = (cause: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new DeliveryError(`cannot reach ${target.host}: ${cause}`, false));
    };
    const request = (secure ? https : http).request(target, {
      method: 'POST',
      agent: secure ? agents.https : agents.http,
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(payload.length), 'User-Agent': 'sop-orchestrator-notify/1', ...headers },
    }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (text.length < ANSWER_LIMIT) text += chunk;
      });
      response.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, text: text.slice(0, ANSWER_LIMIT) });
      });
      response.on('error', (error: Error & { code?: string }) => fail(error.code ?? error.message));
    });
    const timer = setTimeout(() => {
      fail(`no answer within ${timeoutMs} ms`);
      request.destroy();
    }, timeoutMs);
    request.on('error', (error: Error & { code?: string; errors?: Array<{ code?: string }> }) => fail(error.code ?? error.errors?.[0]?.code ?? error.message));
    request.end(payload);
  });
}

/** Throws unless the answer is 2xx: 5xx/408/429 transient, other statuses permanent. */
export function expectOk(answer: HttpAnswer, who: string): void {
  if (answer.status >= 200 && answer.status < 300) return;
  throw new DeliveryError(`${who} answered HTTP ${answer.status}: ${answer.text}`, !transientStatus(answer.status));
}

export function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
