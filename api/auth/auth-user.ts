import type { Role } from '../http/route';

/** The caller, as loaded from a valid session. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  orgId: string;
  orgKind: 'internal' | 'vendor';
  orgName: string;
  locale: string;
  timezone: string;
  /** Set when the caller is an API key's principal (api/auth/api-keys.ts), not a person. */
  apiKeyId?: string;
}

export const isVendorUser = (user: AuthUser): boolean => user.orgKind === 'vendor';
export const isApiKey = (user: AuthUser): boolean => user.apiKeyId !== undefined;
export const hasRole = (user: AuthUser, ...roles: Role[]): boolean => roles.some((r) => user.roles.includes(r));
