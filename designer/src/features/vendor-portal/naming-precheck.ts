import { matchFileName, type NamingResult } from '../../../../core/naming/match';
import { parseNamingTemplate } from '../../../../core/naming/template';
import type { NamingVars } from '../../../../core/naming/vars';
import type { DeliverableSpec } from '../../../../core/sop/types';

export interface Precheck {
  naming?: NamingResult;
  /** The SOP's template itself does not parse (the server would reject it too). */
  templateError?: string;
  typeError?: { type: string; allowed: string };
  sizeError?: { size: number; max: number };
  ok: boolean;
}

const EXT_MIME: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', pdf: 'application/pdf', zip: 'application/zip' };

/** The MIME type of a file as the browser reports it, else guessed from its extension. */
export function fileMime(file: { name: string; type: string }): string {
  if (file.type) return file.type;
  const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
  return EXT_MIME[ext] ?? 'application/octet-stream';
}

/**
 * Checks a chosen file before upload with the same naming code the server
 * runs (core/naming): the name against the deliverable's template filled with
 * the job's values, then type and size. The server sniffs types and checks again.
 */
export function precheckFile(spec: DeliverableSpec, file: { name: string; type: string; size: number }, vars: NamingVars): Precheck {
  const out: Precheck = { ok: true };
  if (spec.naming) {
    try {
      out.naming = matchFileName(parseNamingTemplate(spec.naming), file.name, vars);
      if (!out.naming.passed) out.ok = false;
    } catch (e) {
      out.templateError = e instanceof Error ? e.message : String(e);
    }
  }
  if (spec.accept?.length) {
    const type = fileMime(file);
    if (!spec.accept.includes(type)) {
      out.typeError = { type, allowed: spec.accept.join(', ') };
      out.ok = false;
    }
  }
  if (spec.maxBytes && file.size > spec.maxBytes) {
    out.sizeError = { size: file.size, max: spec.maxBytes };
    out.ok = false;
  }
  return out;
}

/** Today's date (`YYYY-MM-DD`) in `zone`, for `{date:…}` placeholders. */
export function todayIn(zone: string, now = Date.now()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return new Date(now).toISOString().slice(0, 10);
  }
}

/** Per-file progress (0..1) from the overall ratio of one multipart request, parts in order. */
export function splitProgress(ratio: number, sizes: number[]): number[] {
  const total = sizes.reduce((a, b) => a + b, 0) || 1;
  let loaded = ratio * total;
  return sizes.map((s) => {
    const part = s === 0 ? 1 : Math.max(0, Math.min(1, loaded / s));
    loaded -= s;
    return part;
  });
}
