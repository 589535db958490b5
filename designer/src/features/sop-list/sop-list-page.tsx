import { EmptyState, Loading } from '../../components/empty-state';
import { ProblemBanner } from '../../components/problem-banner';
import { StatusBadge } from '../../components/status-badge';
import { listItems, type SopSummary } from '../../lib/api-types';
import { defineMessages, useLocale } from '../../lib/i18n';
import { problemOf } from '../../lib/problem';
import { Link } from '../../lib/router';
import { formatDateTime } from '../../lib/time';
import { useResource } from '../../lib/use-resource';
import { useSession } from '../auth/session-context';

const useT = defineMessages(
  { title: 'SOP 流程', subtitle: '画出外发流程，发布后即可为供应商发起任务。', create: '新建 SOP', key: '标识', name: '名称', version: '最新版本', updated: '草稿更新', empty: '还没有 SOP', emptyHint: '新建一个，从模板开始。', loading: '正在加载…', draftOnly: '仅草稿' },
  { title: 'SOPs', subtitle: 'Draw outsourcing procedures; once published, start jobs for vendors.', create: 'New SOP', key: 'Key', name: 'Name', version: 'Latest version', updated: 'Draft updated', empty: 'No SOPs yet', emptyHint: 'Create one from the template.', loading: 'Loading…', draftOnly: 'draft only' },
);

export function SopListPage() {
  const t = useT();
  const { locale } = useLocale();
  const { zone } = useSession();
  const { data, error, loading } = useResource<unknown>('/sops');
  const sops = listItems<SopSummary>(data);
  return (
    <div className="page">
      <header className="page-head">
        <div>
          <h1>{t('title')}</h1>
          <p className="muted">{t('subtitle')}</p>
        </div>
        <Link to="/sops/new" className="btn primary">
          + {t('create')}
        </Link>
      </header>
      {error ? <ProblemBanner problem={problemOf(error)} /> : null}
      {loading && !data ? (
        <Loading label={t('loading')} />
      ) : sops.length === 0 ? (
        <EmptyState title={t('empty')}>{t('emptyHint')}</EmptyState>
      ) : (
        <div className="card">
          <table className="table">
            <thead>
              <tr>
                <th>{t('name')}</th>
                <th>{t('key')}</th>
                <th>{t('version')}</th>
                <th>{t('updated')}</th>
              </tr>
            </thead>
            <tbody>
              {sops.map((s) => (
                <tr key={s.key}>
                  <td>
                    <Link to={`/sops/${encodeURIComponent(s.key)}`} className="strong-link">
                      {s.name ?? s.key}
                    </Link>
                  </td>
                  <td className="mono muted">{s.key}</td>
                  <td>{s.latestVersion ? <><StatusBadge status="published" /> v{s.latestVersion}</> : <span className="muted">{t('draftOnly')}</span>}</td>
                  <td className="muted">{formatDateTime(s.draftUpdatedAt, zone, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
