/**
 * Where a channel config may point (pure; checked when a config is saved and
 * again before every send): chat robots only to their vendor's official
 * hosts over https, and no target at an internal address literal. Host names
 * are judged again on the address they resolve to when connecting
 * (guarded-connect.ts), so a name that resolves inward — or is re-pointed
 * there later (DNS rebinding) — is refused too.
 *
 * An operator's `NOTIFY_ALLOWED_HOSTS` lifts both rules for the hosts it
 * lists (an intranet ERP; a self-hosted Slack-compatible chat).
 */
import type { NotificationChannel } from '../../db/prisma-types';
import { DeliveryError } from '../delivery-error';
import { addressRefusal, bareHost, hostListed, isAddressLiteral, refusalMessage, type AllowedHosts } from './address-rules';

/** The official hosts of each robot's incoming-webhook API. */
export const ROBOT_HOSTS: Readonly<Partial<Record<NotificationChannel, readonly string[]>>> = {
  dingtalk: ['oapi.dingtalk.com'],
  wecom: ['qyapi.weixin.qq.com'],
  feishu: ['open.feishu.cn', 'open.larksuite.com'],
  slack: ['hooks.slack.com'],
};

export interface TargetRefusal {
  /** Stable rule id (`loopback`, `private`, `robot-host`, …). */
  rule: string;
  message: string;
}

/**
 * Why `url` may not be used for `channel`, or undefined. Only the URL's host
 * is named in the message (its path or query may hold a token).
 */
export function targetRefusal(channel: NotificationChannel, url: string, allowed: AllowedHosts): TargetRefusal | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { rule: 'invalid-url', message: 'the URL is not an absolute URL' };
  }
  const host = bareHost(u.hostname);
  const official = ROBOT_HOSTS[channel];
  if (official && !hostListed(allowed, host)) {
    if (!official.includes(host.toLowerCase()) || u.protocol !== 'https:') {
      return {
        rule: 'robot-host',
        message: `a ${channel} robot posts only to https://${official.join(' or https://')} (found ${u.protocol}//${u.host}); an operator can allow another host in NOTIFY_ALLOWED_HOSTS.`,
      };
    }
  }
  if (isAddressLiteral(host)) {
    const rule = addressRefusal(allowed, host, host);
    if (rule) return { rule: rule.rule, message: refusalMessage(host, host, rule) };
  }
  return undefined;
}

/** Before a send: a refused target is a permanent DeliveryError (an admin must fix the config; retrying cannot help). */
export function assertTarget(channel: NotificationChannel, url: string, allowed: AllowedHosts): void {
  const refusal = targetRefusal(channel, url, allowed);
  if (refusal) throw new DeliveryError(`not sent: ${refusal.message}`, true);
}
