import { DeliveryError, transientStatus } from '../delivery-error';

export interface HttpAnswer {
  status: number;
  text: string;
}

/**
 * POSTs a JSON body; a network failure or timeout is a transient
 * DeliveryError whose message names the cause, never the URL (it may hold a token).
 */
export async function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<HttpAnswer> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/json; charset=utf-8', 'User-Agent': 'sop-orchestrator-notify/1', ...headers }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    const cause = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
    throw new DeliveryError(`cannot reach ${new URL(url).host}: ${cause}`, false);
  }
  const text = (await response.text()).slice(0, 500);
  return { status: response.status, text };
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
