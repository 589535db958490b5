/**
 * Building `SopIssue`s: JSON pointers, readable field names, rendered messages.
 * Pure: no I/O.
 */
import type { SopErrorCode } from './error-codes';
import { renderSopMessage } from './issue-message';
import type { SopIssue } from './validate';

/** A path segment: an object key or an array index. */
export type PathSegment = string | number;

/** The JSON pointer (RFC 6901) of `segments`, e.g. `/nodes/3/due/after`. */
export function pointer(segments: readonly PathSegment[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** Splits a JSON pointer into its segments (numeric strings stay strings). */
export function pointerSegments(path: string): string[] {
  if (path === '') return [];
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * A field path for people: `escalation #2 › cc #1` for segments
 * `['escalation', 1, 'cc', 0]` (array positions count from 1).
 */
export function friendlyField(segments: readonly PathSegment[]): string {
  const parts: string[] = [];
  for (const s of segments) {
    const asIndex = typeof s === 'number' ? s : /^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : undefined;
    if (asIndex !== undefined && parts.length > 0) parts[parts.length - 1] += ` #${asIndex + 1}`;
    else parts.push(String(s));
  }
  return parts.join(' › ');
}

/** Creates an issue; `params.nodeId` (when a string) becomes the issue's `nodeId`. */
export function createIssue(code: SopErrorCode, path: readonly PathSegment[] | string, params: Record<string, unknown> = {}): SopIssue {
  const en = renderSopMessage(code, params, 'en');
  return {
    code,
    path: typeof path === 'string' ? path : pointer(path),
    ...(typeof params.nodeId === 'string' ? { nodeId: params.nodeId } : {}),
    message: en,
    messages: { en, 'zh-CN': renderSopMessage(code, params, 'zh-CN') },
    ...(Object.keys(params).length > 0 ? { params } : {}),
  };
}
