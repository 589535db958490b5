/**
 * The job's message handlers: each Update is validated (refused before it is
 * written to history) and handled by its part; signals and the state query.
 */
import { setHandler } from '@temporalio/workflow';
import { refuseAcceptance, refuseReview, refuseSubmission, refuseVendorChange } from '../core/jobs/action-rules';
import { refuseReport } from '../core/jobs/report-rules';
import {
  acceptUpdate,
  calendarChangedSignal,
  cancelSignal,
  changeVendorUpdate,
  extendDeadlineSignal,
  fileReportUpdate,
  migrateUpdate,
  reassignSignal,
  reviewUpdate,
  stateQuery,
  submitUpdate,
} from './definitions';
import { calendarChanged } from './job-calendar';
import { cancel, changeVendor, migrate, migrationPlan, reassign } from './job-changes';
import type { JobContext } from './job-context';
import { migrationRefusal, refusal } from './job-failures';
import { extendDeadline } from './job-timers';
import { accept, fileReport, review, submit } from './job-updates';

export function installHandlers(ctx: JobContext): void {
  setHandler(submitUpdate, (input) => submit(ctx, input), {
    validator: (input) => {
      const r = refuseSubmission(ctx.ruleContext(), input);
      if (r) throw refusal(r);
    },
  });
  setHandler(reviewUpdate, (input) => review(ctx, input), {
    validator: (input) => {
      const r = refuseReview(ctx.ruleContext(), input);
      if (r) throw refusal(r);
    },
  });
  setHandler(acceptUpdate, (input) => accept(ctx, input), {
    validator: (input) => {
      const r = refuseAcceptance(ctx.ruleContext(), input);
      if (r) throw refusal(r);
    },
  });
  setHandler(fileReportUpdate, (input) => fileReport(ctx, input), {
    validator: (input) => {
      const r = refuseReport(ctx.ruleContext(), input, Date.now());
      if ('code' in r) throw refusal(r);
    },
  });
  setHandler(changeVendorUpdate, (input) => changeVendor(ctx, input), {
    validator: (input) => {
      const r = refuseVendorChange(ctx.ruleContext(), input);
      if (r) throw refusal(r);
    },
  });
  setHandler(migrateUpdate, (input) => migrate(ctx, input), {
    validator: (input) => {
      const r = migrationPlan(ctx, input);
      if (!r.ok) throw refusal(migrationRefusal(r));
    },
  });
  setHandler(extendDeadlineSignal, ({ nodeId, dueAt }) => extendDeadline(ctx, nodeId, dueAt));
  setHandler(reassignSignal, (input) => reassign(ctx, input));
  setHandler(calendarChangedSignal, (input) => calendarChanged(ctx, input));
  setHandler(cancelSignal, ({ actor, reason }) => cancel(ctx, actor, reason));
  setHandler(stateQuery, () => ({ ...ctx.state, now: Date.now() }));
}
