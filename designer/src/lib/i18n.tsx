import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'sop.locale';

interface LocaleState {
  locale: Locale;
  setLocale: (locale: Locale) => void;
}

const LocaleContext = createContext<LocaleState>({ locale: 'zh-CN', setLocale: () => undefined });

function initialLocale(): Locale {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return stored === 'en' || stored === 'zh-CN' ? stored : 'zh-CN';
}

export function LocaleProvider({ children, locale: fixed }: { children: ReactNode; locale?: Locale }) {
  const [locale, setState] = useState<Locale>(fixed ?? initialLocale);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    document.documentElement.lang = next;
    setState(next);
  }, []);
  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleState {
  return useContext(LocaleContext);
}

export type Translate<K extends string> = (key: K, params?: Record<string, string | number>) => string;

function fill(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * A feature's dictionary: Chinese (the default) defines the keys, English must
 * provide every one of them. Returns a hook that translates in the current locale.
 */
export function defineMessages<T extends Record<string, string>>(zh: T, en: { [K in keyof T]: string }) {
  const tables: Record<Locale, Record<string, string>> = { 'zh-CN': zh, en };
  return function useT(): Translate<Extract<keyof T, string>> {
    const { locale } = useLocale();
    return useCallback((key, params) => fill(tables[locale][key] ?? key, params), [locale]);
  };
}

/** Picks the message of the current locale from a `{ en, 'zh-CN' }` pair (core issues and reasons). */
export function pick(messages: { en: string; 'zh-CN': string } | undefined, locale: Locale, fallback = ''): string {
  if (!messages) return fallback;
  return messages[locale] ?? messages.en ?? fallback;
}
