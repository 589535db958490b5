import type { ReactNode } from 'react';

/** A titled card: the panel used across the job, vendor and dashboard pages. */
export function Card({ title, aside, bodyClassName, children }: { title: ReactNode; aside?: ReactNode; bodyClassName?: string; children: ReactNode }) {
  return (
    <section className="card">
      <div className="card-head">
        <h2>{title}</h2>
        {aside}
      </div>
      <div className={bodyClassName ? `card-pad ${bodyClassName}` : 'card-pad'}>{children}</div>
    </section>
  );
}
