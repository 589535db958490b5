/**
 * The API's refusals of a channel's target, in the reader's language:
 * `url-not-allowed` (an internal address, or a robot off its vendor's hosts;
 * NOTIFY_ALLOWED_HOSTS lifts both) under the URL field, and
 * `secret-required` (a new target needs the secret again) under the secret.
 * Other problems are shown as the API wrote them.
 */
import type { Problem } from '../../lib/problem';
import { ROBOT_HOSTS, URL_RULES, type ConfigChannel, type UrlRule } from './notification-types';
import type { SettingsKey } from './settings-messages';

type T = (key: SettingsKey, params?: Record<string, string | number>) => string;

export function localiseOutboundProblem(problem: Problem, channel: ConfigChannel, t: T): Problem {
  if (problem.type === 'urn:sop:problem:url-not-allowed') {
    const errors = (problem.errors ?? []).map((e) => {
      if (e.path !== 'body/url') return e;
      if (e.code === 'robot-host') {
        const hosts = (ROBOT_HOSTS[channel] ?? []).map((h) => `https://${h}`).join(' / ');
        return { ...e, message: t('robotHostOnly', { channel: t(`channel.${channel}`), hosts }) };
      }
      if (URL_RULES.includes(e.code as UrlRule)) return { ...e, message: t('urlNotAllowed', { kind: t(`urlRule.${e.code as UrlRule}`) }) };
      return e;
    });
    return { ...problem, title: t('addressNotAllowed'), detail: undefined, errors };
  }
  if (problem.type === 'urn:sop:problem:secret-required') {
    return { ...problem, title: t('secretAgainTitle'), detail: undefined, errors: [{ path: 'body/secret', message: t('secretAgain') }] };
  }
  return problem;
}
