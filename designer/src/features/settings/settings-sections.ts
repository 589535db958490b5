import type { Me } from '../../lib/api-types';
import { hasRole, isVendor } from '../auth/session-context';

export type SettingsSection = 'preferences' | 'people' | 'api-keys' | 'channels' | 'deliveries' | 'calendars';

export const SECTION_PATHS: Record<SettingsSection, string> = {
  preferences: '/settings',
  people: '/settings/people',
  'api-keys': '/settings/api-keys',
  channels: '/settings/channels',
  deliveries: '/settings/deliveries',
  calendars: '/settings/calendars',
};

/**
 * What a person may open: everyone reads and sets their own preferences; people and organisations
 * (api/routes/org-user-routes.ts: other internal roles may read the lists, only admins change them),
 * API keys (api/routes/api-key-routes.ts), channel configs and deliveries (api/routes/notification-routes.ts) are admin-only;
 * shared calendars (api/routes/calendar-routes.ts) are changed by owners and admins.
 */
export function settingsSectionsFor(me: Me): SettingsSection[] {
  if (isVendor(me)) return ['preferences'];
  const calendars: SettingsSection[] = hasRole(me, 'owner', 'admin') ? ['calendars'] : [];
  return hasRole(me, 'admin') ? ['preferences', 'people', 'api-keys', 'channels', 'deliveries', ...calendars] : ['preferences', ...calendars];
}
