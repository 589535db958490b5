/**
 * JSON POSTs to robots and webhooks over node:http(s) with keep-alive agents
 * (one connection pool per allow-list), which costs a fraction of `fetch`'s
 * CPU per request when thousands of notices fall due together. The agents
 * refuse internal addresses, checked on the address connected to
 * (outbound/guarded-connect.ts).
 */
import http from 'node:http';
import https from 'node:https';
import type { ChannelConfig } from '../../db/prisma-types';
import { redact } from '../channel-config';
import { DeliveryError, excerpt, transientStatus } from '../delivery-error';
import { NO_ALLOWED_HOSTS, type AllowedHosts } from '../outbound/address-rules';
import { guardedAgents, isOutboundRefused } from '../outbound/guarded-connect';

export interface HttpAnswer {
  status: number;
  text: string;
}

/** The part of an answer kept (to read a robot's error code); the rest is read and dropped. */
const ANSWER_LIMIT = 500;

/**
 * POSTs a JSON body; a network failure or timeout (`timeoutMs` for the whole
 * exchange) is a transient DeliveryError whose message names the cause,
 * never the URL (it may hold a token). An address refused by the rules
 * (not listed in `allowed`) is a permanent DeliveryError.
 */
export function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number, allowed: AllowedHosts = NO_ALLOWED_HOSTS): Promise<HttpAnswer> {
  const target = new URL(url);
  const agents = guardedAgents(allowed);
  const secure = target.protocol === 'https:';
  const payload = Buffer.from(body, 'utf8');
  return new Promise<HttpAnswer>((resolve, reject) => {
    let settled = false;
    const fail = (cause: string, permanent = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new DeliveryError(permanent ? `not sent: ${cause}` : `cannot reach ${target.host}: ${cause}`, permanent));
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
    request.on('error', (error: Error & { code?: string; errors?: Array<{ code?: string }> }) =>
      isOutboundRefused(error) ? fail(error.message, true) : fail(error.code ?? error.errors?.[0]?.code ?? error.message));
    request.end(payload);
  });
}

/**
 * The answer with the config's credentials removed, before any of it is quoted:
 * a receiver that echoes the URL or key must not leave a cut-off piece of it
 * in an error message (which redaction of the whole could no longer match).
 */
export function withoutCredentials(answer: HttpAnswer, config: Pick<ChannelConfig, 'url' | 'secret'>): HttpAnswer {
  return { status: answer.status, text: redact(answer.text, config) };
}

/** Throws unless the answer is 2xx: 5xx/408/429 transient, other statuses permanent. */
export function expectOk(answer: HttpAnswer, who: string): void {
  if (answer.status >= 200 && answer.status < 300) return;
  const said = excerpt(answer.text);
  throw new DeliveryError(`${who} answered HTTP ${answer.status}${said ? `: ${said}` : ''}`, !transientStatus(answer.status));
}

export function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
