/**
 * Builds the Express app from its dependencies; api/main.ts listens. Tests
 * drive the app directly.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import type { AppDeps } from './deps';
import { errorMiddleware, unknownRoute } from './http/error-middleware';
import { installRoutes } from './http/install-routes';
import { openApiDocument } from './http/openapi';
import { securityHeaders } from './http/security-headers';
import { opsEndpoints } from './http/ops-endpoints';
import { isBehindProxy } from '../platform/observability/metrics-access';
import { requestObserving } from './http/request-observing';
import { outboxRegistry } from '../platform/observability/outbox-metrics';
import type { RouteDef } from './http/route';
import { analyticsRoutes } from './routes/analytics-routes';
import { portfolioRoutes } from './routes/portfolio-routes';
import { delayReasonRoutes } from './routes/delay-reason-routes';
import { vendorReportRoutes } from './routes/vendor-report-routes';
import { monthlyReportRoutes } from './routes/monthly-report-routes';
import { riskRoutes } from './routes/risk-routes';
import { apiKeyRoutes } from './routes/api-key-routes';
import { authRoutes } from './routes/auth-routes';
import { passwordRoutes } from './routes/password-routes';
import { createPasswordGate } from './auth/password-gate';
import { fileRoutes } from './routes/file-routes';
import { fileCompareRoutes } from './routes/file-compare-routes';
import { submissionRoutes } from './routes/submission-routes';
import { jobRecordRoutes } from './routes/job-record-routes';
import { commentRoutes } from './routes/comment-routes';
import { jobRoutes } from './routes/job-routes';
import { bulkJobRoutes } from './routes/bulk-job-routes';
import { meRoutes } from './routes/me-routes';
import { notificationRoutes } from './routes/notification-routes';
import { orgUserRoutes } from './routes/org-user-routes';
import { platformRoutes } from './routes/platform-routes';
import { sopRoutes } from './routes/sop-routes';
import { stepRoutes } from './routes/step-routes';
import { reportRoutes } from './routes/report-routes';
import { vendorChangeRoutes } from './routes/vendor-change-routes';
import { migrationRoutes } from './routes/migration-routes';
import { eventRoutes } from './routes/event-routes';
import { createLiveHub, type LiveHub } from './live/live-hub';

/** Every route of the API, in one list (the OpenAPI document and the authorisation tests read it). */
export function apiRoutes(deps: AppDeps): RouteDef[] {
  const liveHub = deps.liveHub ?? createLiveHub({ db: deps.db, log: deps.log });
  return [
    ...platformRoutes(deps),
    ...authRoutes(deps),
    ...passwordRoutes(deps),
    ...orgUserRoutes(deps),
    ...apiKeyRoutes(deps),
    ...sopRoutes(deps),
    ...fileRoutes(deps),
    // Before jobRoutes: `/api/jobs/export` is not a job id.
    ...vendorReportRoutes(deps),
    ...bulkJobRoutes(deps),
    ...monthlyReportRoutes(deps),
    ...jobRoutes(deps),
    ...riskRoutes(deps),
    ...meRoutes(deps),
    ...stepRoutes(deps),
    ...reportRoutes(deps),
    ...vendorChangeRoutes(deps),
    ...migrationRoutes(deps),
    ...jobRecordRoutes(deps),
    ...fileCompareRoutes(deps),
    ...commentRoutes(deps),
    ...submissionRoutes(deps),
    ...notificationRoutes(deps),
    ...analyticsRoutes(deps),
    ...portfolioRoutes(deps),
    ...delayReasonRoutes(deps),
    ...eventRoutes({ ...deps, liveHub }),
  ];
}

/** The live event hub of an app made by {@link createApp}: close it before closing the server (it ends the open streams). */
export function liveHubOf(app: Express): LiveHub {
  return app.locals.liveHub as LiveHub;
}

/** Files of the built UI that must not be served from an HTTP cache: the service worker, its Workbox runtime, the web app manifest. */
const SERVICE_WORKER_FILES = /^(sw\.js|workbox-[\w-]+\.js|manifest\.webmanifest)$/;

export function createApp(given: AppDeps): Express {
  const deps: AppDeps = { ...given, passwordGate: given.passwordGate ?? createPasswordGate(), liveHub: given.liveHub ?? createLiveHub({ db: given.db, log: given.log }) };
  const app = express();
  app.locals.liveHub = deps.liveHub;
  app.disable('x-powered-by');
  // TRUST_PROXY (platform/config.ts): off by default, so X-Forwarded-For cannot choose the address the login limits count.
  app.set('trust proxy', deps.config.trustProxy ?? false);
  app.set('query parser', 'simple');
  app.use(requestObserving(deps.logger));
  app.use(securityHeaders());
  app.use(opsEndpoints({
    probes: { db: () => deps.db.ping(), temporal: () => deps.temporal.connection.healthService.check({}), draining: deps.draining, log: deps.log },
    metricsToken: deps.metricsToken,
    behindProxy: isBehindProxy(deps.config.trustProxy),
    extraRegistry: outboxRegistry(deps.db.prisma),
  }));
  const routes = apiRoutes(deps);
  const openapi = openApiDocument(routes, deps.config.publicUrl);
  app.use('/api', express.json({ limit: '2mb', type: ['application/json', 'application/*+json'] }));
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use(installRoutes(deps, routes));
  app.use('/api', unknownRoute);
  const webRoot = deps.webRoot;
  if (webRoot && fs.existsSync(path.join(webRoot, 'index.html'))) {
    app.use(express.static(webRoot, {
      index: false,
      maxAge: '1h',
      // The installable app's service worker and manifest are checked for updates on every visit (designer/pwa-options.ts).
      setHeaders(res, file) {
        if (SERVICE_WORKER_FILES.test(path.basename(file))) res.setHeader('Cache-Control', 'no-cache');
      },
    }));
    app.get(/^(?!\/api\/).*/, (_req, res) => {
      // Relative to `root`: an install path with a dot folder (e.g. /srv/.releases/…) is not refused as a dotfile.
      res.set('Cache-Control', 'no-cache').sendFile('index.html', { root: webRoot });
    });
  }
  app.use(errorMiddleware(deps.log, deps.logger));
  return app;
}
