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
}

export const isVendorUser = (user: AuthUser): boolean => user.orgKind === 'vendor';
export const hasRole = (user: AuthUser, ...roles: Role[]): boolean => roles.some((r) => user.roles.includes(r));
