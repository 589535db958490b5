import { describe, expect, it } from 'vitest';
import { bodyOf, draftOf, parseEvents, validateDraft, type ConfigDraft } from './channel-config-draft';
import type { ChannelConfigView } from './notification-types';

const base = (over: Partial<ConfigDraft>): ConfigDraft => ({ ...draftOf(undefined, { scopeId: 'o-hq' }), ...over });
const stored: ChannelConfigView = {
  id: 'c1', scope: 'org', scopeId: 'o-hq', channel: 'webhook', name: 'ERP', target: 'https://erp.example.com', hasSecret: true,
  settings: { events: ['job.*'] }, enabled: true, createdAt: '', updatedAt: '',
};

describe('the channel-config form’s checks', () => {
  it.each<[string, Partial<ConfigDraft>, ChannelConfigView | undefined, Record<string, string>]>([
    ['a new config needs a URL', { channel: 'slack' }, undefined, { url: 'urlRequired' }],
    ['a mail server needs smtp:// and a From address', { channel: 'email', url: 'https://mail.example.com' }, undefined, { url: 'urlInvalid', from: 'fromRequired' }],
    ['a robot needs http(s)', { channel: 'feishu', url: 'smtp://x:25' }, undefined, { url: 'urlInvalid' }],
    ['a webhook secret has at least 16 characters', { channel: 'webhook', url: 'https://erp.example.com/h', secret: '15-characters!!' }, undefined, { secret: 'secretShort' }],
    ['a WeCom robot needs its key', { channel: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send' }, undefined, { secret: 'secretRequired' }],
    ['a robot posts at least one kind of notice, in a real time zone', { channel: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send', kinds: [], timezone: 'Asia/Atlantis' }, undefined, { kinds: 'kindsRequired', timezone: 'zoneUnknown' }],
    ['webhook events are patterns like job.* or step.overdue', { channel: 'webhook', url: 'https://e.example/h', secret: 'x'.repeat(16), events: 'job.*, Step Overdue' }, undefined, { events: 'eventsInvalid' }],
    ['it applies somewhere', { channel: 'slack', url: 'https://hooks.slack.com/services/T/B/X', scopeId: '' }, undefined, { scopeId: 'scopeRequired' }],
    ['an edited config keeps its stored URL and secret', { channel: 'webhook' }, stored, {}],
    ['a new path on the same host keeps the stored secret', { channel: 'webhook', url: 'https://ERP.example.com/hooks/v2' }, stored, {}],
    ['another host needs the secret again (it is never re-pointed)', { channel: 'webhook', url: 'https://collector.example.net/hooks' }, stored, { secret: 'secretAgain' }],
    ['another scheme or port needs the secret again', { channel: 'webhook', url: 'http://erp.example.com:8080/hooks' }, stored, { secret: 'secretAgain' }],
    ['an SMTP password needs typing again to switch TLS off', { channel: 'email', from: 'ops@example.com', tls: false }, { ...stored, channel: 'email', target: 'smtp://mail.example.com:587', settings: { from: 'ops@example.com' } }, { secret: 'secretAgain' }],
  ])('%s', (_what, over, editing, expected) => {
    const errors = validateDraft(base(over), editing);
    expect(Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v.key]))).toEqual(expected);
  });

  it('reads event patterns separated by commas, spaces or full-width commas, once each', () => {
    expect(parseEvents(' job.*,step.overdue，notice.*  job.* ')).toEqual(['job.*', 'step.overdue', 'notice.*']);
  });

  it('sends only the settings of the chosen channel, and the URL and secret only when typed', () => {
    const draft = base({ channel: 'email', url: ' smtps://mail.example.com:465 ', secret: 'pw', from: ' ops@example.com ', kinds: ['reminder'] });
    expect(bodyOf(draft)).toEqual({ channel: 'email', name: '', scope: 'org', scopeId: 'o-hq', enabled: true, settings: { from: 'ops@example.com' }, url: 'smtps://mail.example.com:465', secret: 'pw' });
    expect(bodyOf(draftOf(stored), stored)).toEqual({ name: 'ERP', scope: 'org', scopeId: 'o-hq', enabled: true, settings: { events: ['job.*'] } });
  });

  it('sends tls: false only when an e-mail config opts out of TLS, and keeps a stored opt-out', () => {
    expect(bodyOf(base({ channel: 'email', url: 'smtp://mail.corp.example:25', from: 'ops@example.com', tls: false })).settings).toEqual({ from: 'ops@example.com', tls: false });
    const plain: ChannelConfigView = { ...stored, channel: 'email', target: 'smtp://mail.corp.example:25', hasSecret: false, settings: { from: 'ops@example.com', tls: false } };
    expect([draftOf(plain).tls, bodyOf(draftOf(plain), plain).settings]).toEqual([false, { from: 'ops@example.com', tls: false }]);
  });
});
