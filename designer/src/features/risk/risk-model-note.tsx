import type { components } from '../../lib/api-schema';
import { useLocale } from '../../lib/i18n';
import { useSession } from '../auth/session-context';
import { useRiskT } from './risk-messages';

type ModelState = components['schemas']['RiskModelState'];

/** What the model's state means for the reader: never trained, not enough history, or when it was trained. */
export function RiskModelNote({ model }: { model: ModelState }) {
  const t = useRiskT();
  const { locale } = useLocale();
  const { zone } = useSession();
  if (model.status === 'none') return <p className="card-pad muted">{t('none')}</p>;
  if (model.status === 'not_enough_history') return <p className="card-pad muted">{t('notEnough', { n: model.finishedSteps, min: model.minFinishedSteps })}</p>;
  const at = model.trainedAt ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(new Date(model.trainedAt)) : '';
  return <p className="card-pad muted small">{t('trainedAt', { at })}</p>;
}
