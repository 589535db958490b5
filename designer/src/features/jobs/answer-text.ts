import type { HandedIn } from '../../lib/api-types';
import type { Locale } from '../../lib/i18n';

type Answer = HandedIn['form'][number];

/**
 * A form answer as text for the reader (file answers are links, shown apart):
 * a date in the reader's language (a calendar date: no zone shift), numbers
 * grouped, money with two decimals, choices joined, a checkbox as yes/no;
 * undefined when the question was not answered.
 */
export function answerText(item: Answer, locale: Locale, words: { yes: string; no: string }): string | undefined {
  const { answer } = item;
  if (answer === null || answer === undefined || answer === '' || (Array.isArray(answer) && answer.length === 0)) return undefined;
  switch (item.type) {
    case 'checkbox':
      return answer === true ? words.yes : words.no;
    case 'multiSelect':
      return Array.isArray(answer) ? answer.map(String).join(locale === 'zh-CN' ? '、' : ', ') : String(answer);
    case 'number':
      return typeof answer === 'number' ? new Intl.NumberFormat(locale).format(answer) : String(answer);
    case 'money':
      return typeof answer === 'number' ? new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(answer) : String(answer);
    case 'date': {
      const m = typeof answer === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(answer) : null;
      if (!m) return String(answer);
      const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
      return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' }).format(utc);
    }
    default:
      return typeof answer === 'string' ? answer : JSON.stringify(answer);
  }
}
