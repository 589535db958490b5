import { matchFileName } from '../core/naming/match';
import { parseNamingTemplate } from '../core/naming/template';
import type { NamingVerdict } from '../core/jobs/contract';

/**
 * The naming verdict for one uploaded file. No template = passes. Pure; the
 * caller supplies the date (the submission day in the SOP's zone).
 */
export function namingVerdict(
  deliverable: string,
  template: string | undefined,
  fileName: string,
  vars: { jobCode: string; vendorName: string; version: number; date: string },
): NamingVerdict {
  if (!template) return { deliverable, passed: true, reasons: [] };
  const result = matchFileName(parseNamingTemplate(template), fileName, {
    'job.code': vars.jobCode,
    'job.vendor': vars.vendorName,
    deliverable,
    version: vars.version,
    date: vars.date,
  });
  return { deliverable, passed: result.passed, reasons: result.reasons, example: result.example };
}

/** `YYYY-MM-DD` of `at` in `timezone`. */
export function localDate(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
