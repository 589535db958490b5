/**
 * Chat robots: DingTalk, WeCom, Feishu (Lark) and Slack-compatible incoming
 * webhooks. None of them takes an idempotency key, so a message resent after
 * a crash between sending and recording it appears twice in the group; the
 * footer's `#ref` (stable per outbox row) shows that it is the same notice.
 */
import { DeliveryError, excerpt } from '../delivery-error';
import { NO_ALLOWED_HOSTS, type AllowedHosts } from '../outbound/address-rules';
import { assertTarget } from '../outbound/target-rules';
import { dingTalkSign, feishuSign } from '../signatures';
import { toMarkdown, toPlainText, toSlackText, type RenderedNotice } from '../templates';
import { expectOk, parseJson, postJson, withoutCredentials } from './http-post';
import type { OutboxMessage, Sender } from './sender';

/** Robot error codes that mean "slow down": retried, not failed. */
const RATE_LIMIT_CODES = new Set([130101, 45009, 11232, 9499]);

function noticeOf(message: OutboxMessage): RenderedNotice {
  const notice = message.payload.notice;
  if (!notice) throw new DeliveryError(`outbox row ${message.id} has no rendered notice`, true);
  return notice;
}

function configOf(message: OutboxMessage, allowed: AllowedHosts) {
  if (!message.config) throw new DeliveryError(`the ${message.channel} config of outbox row ${message.id} was deleted`, true);
  assertTarget(message.channel, message.config.url, allowed);
  return message.config;
}

/** DingTalk / WeCom / Feishu answer 200 with an error code in the body. */
function expectCodeZero(text: string, who: string, field: 'errcode' | 'code'): void {
  const json = parseJson(text);
  const code = json?.[field] ?? json?.StatusCode;
  if (code === 0) return;
  const n = typeof code === 'number' ? code : NaN;
  throw new DeliveryError(`${who} refused the message: ${excerpt(text)}`, !RATE_LIMIT_CODES.has(n));
}

/** `allowed`: the operator's NOTIFY_ALLOWED_HOSTS (default none: official robot hosts on public addresses only). */
export function robotSenders(options: { timeoutMs: number; now?: () => number; allowed?: AllowedHosts }): Partial<Record<OutboxMessage['channel'], Sender>> {
  const now = options.now ?? Date.now;
  const allowed = options.allowed ?? NO_ALLOWED_HOSTS;
  return {
    async dingtalk(message) {
      const config = configOf(message, allowed);
      const notice = noticeOf(message);
      const url = new URL(config.url);
      if (config.secret) {
        const timestamp = now();
        url.searchParams.set('timestamp', String(timestamp));
        url.searchParams.set('sign', dingTalkSign(config.secret, timestamp));
      }
      const body = JSON.stringify({ msgtype: 'markdown', markdown: { title: notice.subject, text: toMarkdown(notice) } });
      const answer = withoutCredentials(await postJson(url.toString(), body, {}, options.timeoutMs, allowed), config);
      expectOk(answer, 'DingTalk');
      expectCodeZero(answer.text, 'DingTalk', 'errcode');
    },
    async wecom(message) {
      const config = configOf(message, allowed);
      const url = new URL(config.url);
      if (config.secret) url.searchParams.set('key', config.secret);
      const body = JSON.stringify({ msgtype: 'markdown', markdown: { content: toMarkdown(noticeOf(message)) } });
      const answer = withoutCredentials(await postJson(url.toString(), body, {}, options.timeoutMs, allowed), config);
      expectOk(answer, 'WeCom');
      expectCodeZero(answer.text, 'WeCom', 'errcode');
    },
    async feishu(message) {
      const config = configOf(message, allowed);
      const timestamp = Math.floor(now() / 1000);
      const signed = config.secret ? { timestamp: String(timestamp), sign: feishuSign(config.secret, timestamp) } : {};
      const body = JSON.stringify({ ...signed, msg_type: 'text', content: { text: toPlainText(noticeOf(message)) } });
      const answer = withoutCredentials(await postJson(config.url, body, {}, options.timeoutMs, allowed), config);
      expectOk(answer, 'Feishu');
      expectCodeZero(answer.text, 'Feishu', 'code');
    },
    async slack(message) {
      const config = configOf(message, allowed);
      const notice = noticeOf(message);
      const text = toSlackText(notice);
      const body = JSON.stringify({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
      const answer = withoutCredentials(await postJson(config.url, body, {}, options.timeoutMs, allowed), config);
      expectOk(answer, 'Slack');
      if (answer.text.trim() !== 'ok' && parseJson(answer.text)?.ok !== true) throw new DeliveryError(`Slack refused the message: ${excerpt(answer.text)}`, true);
    },
  };
}
