import type { ReactNode } from 'react';

/** The card every signed-out page sits in (login, invitation, password reset): brand, title, subtitle, content. */
export function AuthCard({ title, subtitle, children }: { title: string; subtitle: string; children: ReactNode }) {
  return (
    <main className="login">
      <div className="login-card">
        <div className="login-brand">
          <span className="brand-mark" aria-hidden="true">外</span>
          <div>
            <h1>{title}</h1>
            <p className="muted">{subtitle}</p>
          </div>
        </div>
        {children}
      </div>
    </main>
  );
}
