import { useLocale, type Locale } from '../../lib/i18n';

/** The language switch of the pages before sign-in (login, invitation); its label is bilingual on purpose. */
export function LanguageSwitch() {
  const { locale, setLocale } = useLocale();
  return (
    <div className="login-lang">
      <select aria-label="Language / 语言" value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
        <option value="zh-CN">简体中文</option>
        <option value="en">English</option>
      </select>
    </div>
  );
}
