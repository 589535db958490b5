import { useEffect, useState } from 'react';
import type { Instant } from './api-types';
import type { Locale } from './i18n';

export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function toMillis(value: Instant): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'number') return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function safeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

/** `2026-11-27 16:05` style, in `zone`. */
export function formatDateTime(value: Instant, zone: string, locale: Locale, withZone = false): string {
  const ms = toMillis(value);
  if (ms === undefined) return '—';
  const fmt = new Intl.DateTimeFormat(locale, {
    timeZone: safeZone(zone),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(withZone ? { timeZoneName: 'short' } : {}),
  });
  return fmt.format(ms);
}

export function formatShortDate(value: Instant, zone: string, locale: Locale): string {
  const ms = toMillis(value);
  if (ms === undefined) return '—';
  return new Intl.DateTimeFormat(locale, { timeZone: safeZone(zone), month: 'short', day: 'numeric' }).format(ms);
}

/** A compact span such as `2d 3h`, `45m` / `2天3小时`. */
export function formatSpan(ms: number, locale: Locale): string {
  const abs = Math.abs(ms);
  const minutes = Math.floor(abs / 60000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const zh = locale === 'zh-CN';
  const unit = { d: zh ? '天' : 'd', h: zh ? '小时' : 'h', m: zh ? '分钟' : 'm' };
  const sep = zh ? '' : ' ';
  if (days > 0) return `${days}${unit.d}${hours ? `${sep}${hours}${unit.h}` : ''}`;
  if (hours > 0) return `${hours}${unit.h}${mins ? `${sep}${mins}${unit.m}` : ''}`;
  return `${Math.max(mins, abs > 0 ? 1 : 0)}${unit.m}`;
}

/** The current time, refreshed every `intervalMs`. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(id);
  }, [intervalMs]);
  return now;
}
