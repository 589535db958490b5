import type { components } from '../../lib/api-schema';
import { defineMessages } from '../../lib/i18n';
import { useResource } from '../../lib/use-resource';

type Suggestions = components['schemas']['VendorSuggestions'];

const useSuggestT = defineMessages(
  {
    title: '供应商建议（近 180 天）', suggested: '推荐', choose: '选用', chosen: '已选',
    probability: '准时概率 {p}%', byModel: '（延期风险模型）', basisSop: '本 SOP {onTime}/{due} 个步骤按时', basisAll: '全部 SOP {onTime}/{due} 个步骤按时（本 SOP 尚无记录）', basisNone: '还没有记录',
    score: '评分 {score} · 第 {rank} 名', noScore: '本 SOP 暂无评分', load: '在途 {steps} 个步骤', overdue: '（{n} 个逾期）',
  },
  {
    title: 'Vendor suggestions (last 180 days)', suggested: 'Suggested', choose: 'Use', chosen: 'Chosen',
    probability: 'On time {p}%', byModel: ' (delay-risk model)', basisSop: '{onTime}/{due} steps of this SOP on time', basisAll: '{onTime}/{due} steps of all SOPs on time (none of this SOP yet)', basisNone: 'No history yet',
    score: 'Score {score} · rank {rank}', noScore: 'No score for this SOP', load: '{steps} open steps', overdue: ' ({n} overdue)',
  },
);

/**
 * The vendors for a new job of `sopKey`, best first (GET /api/sops/:key/vendor-suggestions):
 * the probability of delivering on time with what it rests on, score and rank for the SOP,
 * open load; "Use" picks the vendor in the form.
 */
export function VendorSuggestions({ sopKey, chosen, onChoose }: { sopKey: string; chosen: string; onChoose: (orgId: string) => void }) {
  const t = useSuggestT();
  const { data } = useResource<Suggestions>(`/sops/${encodeURIComponent(sopKey)}/vendor-suggestions`);
  if (!data || data.items.length === 0) return null;
  return (
    <section className="vendor-suggestions" aria-label={t('title')}>
      <h3 className="small muted">{t('title')}</h3>
      <ol>
        {data.items.map((s) => {
          const { onTime } = s;
          const basis = onTime.basis === 'sop' ? t('basisSop', onTime) : onTime.basis === 'all' ? t('basisAll', onTime) : t('basisNone');
          return (
            <li key={s.org.id} className={s.suggested ? 'suggested' : undefined}>
              <div>
                <strong>{s.org.name}</strong> {s.suggested && <span className="badge status-passed">{t('suggested')}</span>}
                <div className="small muted">
                  {t('probability', { p: Math.round(onTime.probability * 100) })}{onTime.source === 'model' ? t('byModel') : ''} · {basis} · {s.score !== null && s.rank !== null ? t('score', { score: s.score, rank: s.rank }) : t('noScore')} ·{' '}
                  {t('load', { steps: s.openLoad.steps })}
                  {s.openLoad.overdueSteps > 0 ? t('overdue', { n: s.openLoad.overdueSteps }) : ''}
                </div>
              </div>
              <button type="button" className="btn small ghost" disabled={chosen === s.org.id} onClick={() => onChoose(s.org.id)} aria-label={`${t('choose')} ${s.org.name}`}>
                {chosen === s.org.id ? t('chosen') : t('choose')}
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
