import { ProblemBanner } from '../../components/problem-banner';
import type { JobAction } from './use-job-action';

/** What became of an owner action, above its buttons: the refusal (dismissable) or the confirmation. */
export function JobActionStatus({ action, doneText }: { action: JobAction; doneText: string }) {
  return (
    <>
      {action.problem && <ProblemBanner problem={action.problem} onDismiss={action.clear} />}
      {action.done && <div className="success" role="status">{doneText}</div>}
    </>
  );
}
