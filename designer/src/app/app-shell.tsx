import type { ReactNode } from 'react';
import { useSession } from '../features/auth/session-context';
import { InboxButton } from '../features/inbox/inbox-button';
import { useLocale, type Locale } from '../lib/i18n';
import { Link, useRouter } from '../lib/router';
import type { TaskPage } from '../lib/my-tasks';
import { useOptionalResource } from '../lib/use-optional-resource';
import { navItemsFor, type NavKey } from './nav-items';
import { OfflineBanner } from './offline-banner';
import { useShellT } from './shell-messages';

export function AppShell({ children }: { children: ReactNode }) {
  const t = useShellT();
  const { me, zone, logout } = useSession();
  const { locale, setLocale } = useLocale();
  const { path } = useRouter();
  const items = me ? navItemsFor(me) : [];
  const queued = items.some((i) => i.key === 'myTasks' || i.key === 'qa');
  // Badge counts of the caller's queue (GET /api/me/tasks answers them with any page; one item is enough).
  const queue = useOptionalResource<TaskPage>(queued ? '/me/tasks?limit=1' : null, 60_000);
  const counts = queue.data?.counts;
  const badge: Partial<Record<NavKey, number>> = counts ? { myTasks: counts.total, qa: counts.byKind.review ?? 0 } : {};
  if (!me) return null;
  return (
    <div className="shell">
      <header className="topbar">
        <Link to="/" className="brand" aria-label={t('brand')}>
          <span className="brand-mark" aria-hidden="true">外</span>
          <span className="brand-name">{t('brand')}</span>
        </Link>
        <nav aria-label={t('mainNav')} className="nav">
          {items.map((item) => {
            const active = path === item.to || path.startsWith(`${item.to}/`);
            return (
              <Link key={item.key} to={item.to} className={`nav-link${active ? ' active' : ''}`} aria-current={active ? 'page' : undefined}>
                <span aria-hidden="true" className="nav-icon">{item.icon}</span>
                <span>{t(item.key)}</span>
                {(badge[item.key] ?? 0) > 0 && <span className="count nav-count">{badge[item.key]}</span>}
              </Link>
            );
          })}
        </nav>
        <div className="topbar-right">
          <InboxButton />
          <Link
            to="/settings"
            className={`btn ghost small settings-link${path.startsWith('/settings') ? ' active' : ''}`}
            aria-label={t('settings')}
            title={t('settings')}
            aria-current={path.startsWith('/settings') ? 'page' : undefined}
          >
            <svg width="18" height="18" viewBox="0 0 16 16" aria-hidden="true">
              <circle cx="8" cy="8" r="2.2" fill="none" stroke="currentColor" strokeWidth="1.5" />
              <path d="M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
            </svg>
          </Link>
          <span className="zone-chip" title={t('zone')}>
            {zone}
          </span>
          <select className="lang-select" aria-label={t('language')} value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
            <option value="zh-CN">中文</option>
            <option value="en">EN</option>
          </select>
          <div className="user-chip" title={me.email}>
            <span className="avatar" aria-hidden="true">{(me.name || me.email).slice(0, 1).toUpperCase()}</span>
            <span className="user-meta">
              <span className="user-name">{me.name || me.email}</span>
              <span className="user-org">{me.org.name}</span>
            </span>
          </div>
          <button type="button" className="btn ghost small" onClick={logout}>
            {t('signOut')}
          </button>
        </div>
      </header>
      <OfflineBanner />
      <div className="shell-body">{children}</div>
    </div>
  );
}
