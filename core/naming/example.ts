/**
 * Correct example file names for a naming template, shown to vendors next to
 * a failed check. Pure and deterministic: no clock (the sample date is fixed).
 */
import { formatDate, isRealDate, readDate } from './date-pattern';
import type { NamingTemplate } from './template';
import { EXAMPLE_SAMPLES, padVersion, resolveVars, type NamingVars, type ResolvedVars } from './vars';

/**
 * A file name that follows `template`.
 *
 * Uses the job's values from `vars`; where one is absent: version 1, date
 * 2026-01-31, the first listed extension, and the samples `JOB-001`, `vendor`,
 * `deliverable`, `text` for `{job.code}`, `{job.vendor}`, `{deliverable}`, `{any}`.
 *
 * @throws Error when `vars.version` or `vars.date` is malformed.
 */
export function exampleFileName(template: NamingTemplate, vars: NamingVars = {}): string {
  return buildExample(template, resolveVars(vars));
}

/**
 * As {@link exampleFileName}, with `hints[i]`: what an uploaded name had for
 * part `i`, reused where the job gives no value and the text is acceptable,
 * so the example stays close to the vendor's own name.
 */
export function buildExample(template: NamingTemplate, vars: ResolvedVars, hints: Array<string | undefined> = []): string {
  return template.parts
    .map((part, i) => {
      const hint = hints[i];
      switch (part.kind) {
        case 'literal':
          return part.text;
        case 'job.code':
        case 'job.vendor':
        case 'deliverable':
          return vars.values[part.kind] ?? (hint ? hint : EXAMPLE_SAMPLES[part.kind]);
        case 'any':
          return hint ? hint : EXAMPLE_SAMPLES.any;
        case 'version': {
          const fromHint = hint && /^\d{1,15}$/.test(hint) ? Number(hint) : undefined;
          return padVersion(vars.version ?? fromHint ?? EXAMPLE_SAMPLES.version, part.digits);
        }
        case 'date': {
          const read = hint ? readDate(part.tokens, hint) : undefined;
          const fromHint = read && isRealDate(read) ? { ...EXAMPLE_SAMPLES.date, ...read } : undefined;
          return formatDate(part.tokens, vars.date ?? fromHint ?? EXAMPLE_SAMPLES.date);
        }
        case 'ext': {
          const lower = hint?.toLowerCase();
          return lower && part.extensions.includes(lower) ? (hint as string) : (part.extensions[0] as string);
        }
      }
    })
    .join('');
}
