import type { Problem } from '../lib/problem';

/** A problem+json error as a readable message: title, detail, and each field error. */
export function ProblemBanner({ problem, title, onDismiss }: { problem: Problem; title?: string; onDismiss?: () => void }) {
  const heading = title ?? problem.title ?? 'Error';
  const detail = title && problem.title && problem.title !== title ? [problem.title, problem.detail].filter(Boolean).join(' — ') : problem.detail;
  return (
    <div className="problem" role="alert">
      <div className="problem-head">
        <strong>{heading}</strong>
        {problem.status ? <span className="problem-status">{problem.status}</span> : null}
        {onDismiss && (
          <button type="button" className="icon-btn" aria-label="Dismiss" onClick={onDismiss}>
            ×
          </button>
        )}
      </div>
      {detail && <p>{detail}</p>}
      {problem.errors && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((err, i) => (
            <li key={i}>
              {err.path ? <code>{err.path}</code> : null} {err.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
