import type { Me } from '../../lib/api-types';
import { hasRole, isVendor } from '../auth/session-context';

export type SettingsSection = 'preferences' | 'channels' | 'deliveries';

export const SECTION_PATHS: Record<SettingsSection, string> = {
  preferences: '/settings',
  channels: '/settings/channels',
  deliveries: '/settings/deliveries',
};

/**
 * What a person may open, as the API allows it (api/routes/notification-routes.ts):
 * everyone reads and sets their own preferences; channel configs and deliveries are admin-only.
 */
export function settingsSectionsFor(me: Me): SettingsSection[] {
  return !isVendor(me) && hasRole(me, 'admin') ? ['preferences', 'channels', 'deliveries'] : ['preferences'];
}
