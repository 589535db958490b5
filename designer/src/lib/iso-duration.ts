import type { Locale } from './i18n';

const PATTERN = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function isIsoDuration(text: string): boolean {
  return PATTERN.test(text);
}

const UNITS: Record<Locale, string[]> = {
  'zh-CN': ['年', '个月', '周', '天', '小时', '分钟', '秒'],
  en: ['y', 'mo', 'w', 'd', 'h', 'min', 's'],
};

/** `P2DT4H` → `2天4小时` / `2d 4h`; unparsable text is returned as is. */
export function describeDuration(text: string | undefined, locale: Locale): string {
  if (!text) return '';
  const m = PATTERN.exec(text);
  if (!m) return text;
  const parts: string[] = [];
  m.slice(1).forEach((v, i) => {
    if (v && Number(v) !== 0) parts.push(`${v}${UNITS[locale][i]}`);
  });
  if (parts.length === 0) return locale === 'zh-CN' ? '0' : '0';
  return parts.join(locale === 'zh-CN' ? '' : ' ');
}
