import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { Loading } from '../components/empty-state';
import { EmptyState } from '../components/empty-state';
import { hasRole, isVendor, useSession } from '../features/auth/session-context';
import { DashboardPage } from '../features/dashboard/dashboard-page';
import { VendorReportPage } from '../features/reports/vendor-report-page';
import { MonthlyReportsPage } from '../features/reports/monthly-reports';
import { JobListPage } from '../features/jobs/job-list-page';
import { StartJobPage } from '../features/jobs/start-job-page';
import { BulkStartPage } from '../features/jobs/bulk-start-page';
import { QaQueuePage } from '../features/qa-review/qa-queue-page';
import { SopListPage } from '../features/sop-list/sop-list-page';
import { MigrateJobsPage } from '../features/migrations/migrate-jobs-page';
import { VendorJobPage } from '../features/vendor-portal/vendor-job-page';
import { settingsSectionsFor, type SettingsSection } from '../features/settings/settings-sections';
import { VendorTasksPage } from '../features/vendor-portal/vendor-tasks-page';
import type { Me } from '../lib/api-types';
import { matchPath, useRouter } from '../lib/router';
import { homePathFor } from './nav-items';
import { useShellT } from './shell-messages';

// The graph pages pull in React Flow and dagre: loaded when first visited.
const SopEditorPage = lazy(() => import('../features/sop-editor/sop-editor-page').then((m) => ({ default: m.SopEditorPage })));
const QaReviewPage = lazy(() => import('../features/qa-review/qa-review-page').then((m) => ({ default: m.QaReviewPage })));
const JobPage = lazy(() => import('../features/jobs/job-page').then((m) => ({ default: m.JobPage })));
const PortfolioPage = lazy(() => import('../features/portfolio/portfolio-page').then((m) => ({ default: m.PortfolioPage })));
const SettingsPage = lazy(() => import('../features/settings/settings-page').then((m) => ({ default: m.SettingsPage })));

interface RouteDef {
  pattern: string;
  allow: (me: Me) => boolean;
  render: (params: Record<string, string>) => ReactNode;
}

const internal = (me: Me) => !isVendor(me);
const designer = (me: Me) => !isVendor(me) && hasRole(me, 'owner', 'admin');
const settingsSection = (section: SettingsSection) => (me: Me) => settingsSectionsFor(me).includes(section);

const ROUTES: RouteDef[] = [
  { pattern: '/sops', allow: designer, render: () => <SopListPage /> },
  { pattern: '/sops/new', allow: designer, render: () => <SopEditorPage /> },
  { pattern: '/sops/:key', allow: designer, render: (p) => <SopEditorPage sopKey={p.key} /> },
  { pattern: '/sops/:key/migrations', allow: designer, render: (p) => <MigrateJobsPage sopKey={p.key as string} /> },
  { pattern: '/vendor', allow: () => true, render: () => <VendorTasksPage /> },
  { pattern: '/vendor/jobs/:id', allow: () => true, render: (p) => <VendorJobPage jobId={p.id as string} /> },
  { pattern: '/qa', allow: internal, render: () => <QaQueuePage /> },
  { pattern: '/qa/jobs/:id/:nodeId', allow: internal, render: (p) => <QaReviewPage jobId={p.id as string} nodeId={p.nodeId as string} /> },
  { pattern: '/jobs', allow: internal, render: () => <JobListPage /> },
  { pattern: '/jobs/new', allow: designer, render: () => <StartJobPage /> },
  { pattern: '/jobs/bulk', allow: designer, render: () => <BulkStartPage /> },
  { pattern: '/jobs/:id', allow: internal, render: (p) => <JobPage jobId={p.id as string} /> },
  { pattern: '/dashboard', allow: internal, render: () => <DashboardPage /> },
  { pattern: '/portfolio', allow: internal, render: () => <PortfolioPage /> },
  { pattern: '/reports/vendors', allow: (me) => !isVendor(me) && hasRole(me, 'manager', 'owner', 'admin'), render: () => <VendorReportPage /> },
  { pattern: '/reports/monthly', allow: (me) => !isVendor(me) && hasRole(me, 'manager', 'procurement', 'owner', 'admin'), render: () => <MonthlyReportsPage /> },
  { pattern: '/settings', allow: () => true, render: () => <SettingsPage section="preferences" /> },
  { pattern: '/settings/people', allow: settingsSection('people'), render: () => <SettingsPage section="people" /> },
  { pattern: '/settings/api-keys', allow: settingsSection('api-keys'), render: () => <SettingsPage section="api-keys" /> },
  { pattern: '/settings/channels', allow: settingsSection('channels'), render: () => <SettingsPage section="channels" /> },
  { pattern: '/settings/deliveries', allow: settingsSection('deliveries'), render: () => <SettingsPage section="deliveries" /> },
  { pattern: '/settings/calendars', allow: settingsSection('calendars'), render: () => <SettingsPage section="calendars" /> },
  { pattern: '/settings/calendars/:key', allow: settingsSection('calendars'), render: (p) => <SettingsPage section="calendars" calendarKey={p.key} /> },
];

function Redirect({ to }: { to: string }) {
  const { navigate } = useRouter();
  useEffect(() => navigate(to, { replace: true }), [navigate, to]);
  return null;
}

export function AppRoutes() {
  const t = useShellT();
  const { me } = useSession();
  const { path } = useRouter();
  if (!me) return null;
  if (path === '/' || path === '/login') return <Redirect to={homePathFor(me)} />;
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, path);
    if (params && route.allow(me)) return <Suspense fallback={<Loading label={t('loading')} />}>{route.render(params)}</Suspense>;
  }
  return (
    <div className="page">
      <EmptyState title={t('notFound')}>{t('notFoundHint')}</EmptyState>
    </div>
  );
}
