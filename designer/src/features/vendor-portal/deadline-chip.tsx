import type { Instant } from '../../lib/api-types';
import { useLocale } from '../../lib/i18n';
import { formatDateTime, formatSpan, toMillis, useNow } from '../../lib/time';
import { useSession } from '../auth/session-context';
import { useVendorT } from './vendor-messages';

/** A live countdown to a deadline, shown in the viewer's zone; red once overdue, amber within a day. */
export function DeadlineChip({ dueAt, large }: { dueAt: Instant; large?: boolean }) {
  const t = useVendorT();
  const { locale } = useLocale();
  const { zone } = useSession();
  const now = useNow(30_000);
  const due = toMillis(dueAt);
  if (due === undefined) return <span className="deadline none">{t('noDue')}</span>;
  const left = due - now;
  const tone = left < 0 ? 'overdue' : left < 24 * 3600_000 ? 'soon' : 'ok';
  return (
    <span className={`deadline ${tone}${large ? ' large' : ''}`}>
      <strong>{left < 0 ? t('overdueBy', { span: formatSpan(left, locale) }) : t('dueIn', { span: formatSpan(left, locale) })}</strong>
      <span className="deadline-at">{t('dueAt', { time: formatDateTime(due, zone, locale, true) })}</span>
    </span>
  );
}
