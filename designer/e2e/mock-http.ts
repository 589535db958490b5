/** JSON and problem+json answers for the mock API (designer/e2e/mock-api.ts). */
import type { IncomingMessage, ServerResponse } from 'node:http';

export function send(res: ServerResponse, status: number, body?: unknown): void {
  if (status === 204) {
    res.writeHead(204);
    res.end();
    return;
  }
  res.writeHead(status, { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' });
  res.end(JSON.stringify(body));
}

export function problem(res: ServerResponse, status: number, title: string, detail: string, errors?: Array<{ path: string; message: string }>): void {
  send(res, status, { type: `urn:sop:problem:${title.toLowerCase().replace(/ /g, '-')}`, title, status, detail, ...(errors ? { errors } : {}) });
}

export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString();
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Drains a multipart upload the mock does not need to read. */
export async function drain(req: IncomingMessage): Promise<void> {
  for await (const _ of req) void _;
}

export const HOUR = 3600_000;
export const now = Date.now();
export const iso = (ms: number) => new Date(ms).toISOString();
