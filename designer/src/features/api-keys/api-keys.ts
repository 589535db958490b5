/**
 * API keys as /api/api-keys answers them (api/routes/api-key-routes.ts): the
 * secret (`token`) is only in the answer to the POST that created the key.
 */
import type { AccountRole } from '../../lib/api-types';
import type { OrgKind } from '../people/people';

export interface ApiKey {
  id: string;
  name: string;
  /** What the key's token starts with (`sopk_<id>_`), to recognise it in a client's configuration. */
  prefix: string;
  roles: AccountRole[];
  org: { id: string; name: string; kind: OrgKind };
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  createdBy: { id: string; name: string } | null;
  status: 'active' | 'expired' | 'revoked';
}

export interface CreatedApiKey extends ApiKey {
  token: string;
}

/** How long a new key lives: the choices the form offers (days; `never` = no expiry). */
export const EXPIRY_CHOICES = ['30', '90', '365', 'never'] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];

/** The expiry to send for a choice, counted from `now`. */
export function expiryFor(choice: ExpiryChoice, now = Date.now()): string | undefined {
  return choice === 'never' ? undefined : new Date(now + Number(choice) * 24 * 60 * 60_000).toISOString();
}
