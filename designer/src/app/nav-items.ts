import type { Me } from '../lib/api-types';
import { hasRole, isVendor } from '../features/auth/session-context';

export type NavKey = 'sops' | 'jobs' | 'dashboard' | 'portfolio' | 'vendorReport' | 'monthlyReports' | 'qa' | 'myTasks';

export interface NavItem {
  key: NavKey;
  to: string;
  icon: string;
}

/** Navigation by role: a vendor sees only its own tasks, never internal pages. */
export function navItemsFor(me: Me): NavItem[] {
  if (isVendor(me)) return [{ key: 'myTasks', to: '/vendor', icon: '◧' }];
  const items: NavItem[] = [];
  if (hasRole(me, 'owner', 'admin')) items.push({ key: 'sops', to: '/sops', icon: '⬡' });
  if (hasRole(me, 'qa', 'admin')) items.push({ key: 'qa', to: '/qa', icon: '◎' });
  items.push({ key: 'jobs', to: '/jobs', icon: '☰' });
  if (hasRole(me, 'manager', 'procurement', 'owner', 'admin')) items.push({ key: 'dashboard', to: '/dashboard', icon: '▦' });
  items.push({ key: 'portfolio', to: '/portfolio', icon: '▥' });
  if (hasRole(me, 'manager', 'owner', 'admin')) items.push({ key: 'vendorReport', to: '/reports/vendors', icon: '▤' });
  // The vendor report page lists the monthly reports too; procurement, who receive them, get them on a page of their own.
  else if (hasRole(me, 'procurement')) items.push({ key: 'monthlyReports', to: '/reports/monthly', icon: '▤' });
  return items;
}

/** Where a user lands: managers on the dashboard, QA on its queue, owners on their SOPs, vendors on their tasks. */
export function homePathFor(me: Me): string {
  if (!isVendor(me) && hasRole(me, 'manager', 'procurement') && !hasRole(me, 'owner', 'admin', 'qa')) return '/dashboard';
  return navItemsFor(me)[0]?.to ?? '/jobs';
}
