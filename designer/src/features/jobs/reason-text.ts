import type { Locale } from '../../lib/i18n';

/** A check or naming reason (any shape the API sends) as one sentence in the viewer's language. */
export function reasonText(reason: unknown, locale: Locale): string {
  if (typeof reason === 'string') return reason;
  if (reason && typeof reason === 'object') {
    const r = reason as { message?: string; messages?: Partial<Record<Locale, string>>; code?: string };
    return r.messages?.[locale] ?? r.message ?? r.code ?? JSON.stringify(reason);
  }
  return String(reason);
}

export function formatBytes(n: number | undefined): string {
  if (n === undefined) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function percent(n: unknown, digits = 2): string {
  return typeof n === 'number' ? `${(n * 100).toFixed(digits)}%` : '—';
}
