/**
 * The outbound address rules (platform/notifications/outbound/): which
 * addresses notifications may reach, NOTIFY_ALLOWED_HOSTS, where each channel
 * may point, and how a receiver's answer is quoted.
 */
import { addressRefusal, loadAllowedHosts, parseAllowedHosts, refusedRange } from '../../platform/notifications/outbound/address-rules';
import { targetRefusal } from '../../platform/notifications/outbound/target-rules';
import { excerpt, oneLine, shortReason } from '../../platform/notifications/delivery-error';

const NONE = parseAllowedHosts([]);

describe('refusedRange', () => {
  test.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['10.0.0.5', 'private'],
    ['172.16.4.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['fd00::1', 'private'],
    ['fc12:3456::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:10.1.2.3', 'private'],
    ['::7f00:1', 'ipv4-embedded'],
    ['64:ff9b::a9fe:a9fe', 'ipv4-embedded'],
    ['2002:7f00:1::1', 'ipv4-embedded'],
  ])('%s is refused as %s', (address, rule) => {
    expect(refusedRange(address)?.rule).toBe(rule);
  });

  test.each(['8.8.8.8', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('%s (public unicast) is allowed', (address) => {
    expect(refusedRange(address)).toBeUndefined();
  });

  test('the link-local rule names the cloud metadata address', () => {
    expect(refusedRange('169.254.169.254')?.description).toBe('a link-local address (169.254.0.0/16, fe80::/10; includes cloud metadata at 169.254.169.254)');
  });
});

describe('NOTIFY_ALLOWED_HOSTS', () => {
  const allowed = parseAllowedHosts(['ERP.corp.example', '10.20.0.0/16', '127.0.0.1', 'fd00:1::/32']);

  test('a listed name allows whatever it resolves to; a listed range allows addresses in it, also IPv4-mapped', () => {
    expect(addressRefusal(allowed, 'erp.corp.example', '10.9.9.9')).toBeUndefined();
    expect(addressRefusal(allowed, 'erp.corp.example.', '192.168.0.1')).toBeUndefined();
    expect(addressRefusal(allowed, 'other.corp.example', '10.20.3.4')).toBeUndefined();
    expect(addressRefusal(allowed, '127.0.0.1', '127.0.0.1')).toBeUndefined();
    expect(addressRefusal(allowed, 'x.example', '::ffff:10.20.3.4')).toBeUndefined();
    expect(addressRefusal(allowed, 'x.example', 'fd00:1::5')).toBeUndefined();
  });

  test('anything not listed is still refused: a neighbouring range, another name, 127.0.0.2', () => {
    expect(addressRefusal(allowed, 'other.corp.example', '10.21.0.1')?.rule).toBe('private');
    expect(addressRefusal(allowed, 'erp.corp.example.evil.test', '10.9.9.9')?.rule).toBe('private');
    expect(addressRefusal(allowed, '127.0.0.2', '127.0.0.2')?.rule).toBe('loopback');
    expect(addressRefusal(allowed, 'x.example', 'fd00:2::5')?.rule).toBe('private');
  });

  test('read from the environment as a comma-separated list; a malformed entry stops the start with its name', () => {
    expect(loadAllowedHosts({ NOTIFY_ALLOWED_HOSTS: ' erp.corp.example , 10.0.0.0/8,,' })).toEqual(['erp.corp.example', '10.0.0.0/8']);
    expect(loadAllowedHosts({})).toEqual([]);
    expect(() => loadAllowedHosts({ NOTIFY_ALLOWED_HOSTS: '10.0.0.0/33' })).toThrow('NOTIFY_ALLOWED_HOSTS: "10.0.0.0/33" is not a valid address range (expected e.g. 10.20.0.0/16 or fd00:1::/48)');
    expect(() => loadAllowedHosts({ NOTIFY_ALLOWED_HOSTS: 'http://erp.corp.example/' })).toThrow('NOTIFY_ALLOWED_HOSTS: "http://erp.corp.example/" is neither a host name, an IP address nor a CIDR range');
  });
});

describe('targetRefusal', () => {
  test.each([
    ['webhook', 'http://127.0.0.1:8080/hook', 'loopback'],
    ['webhook', 'https://[::1]/hook', 'loopback'],
    ['webhook', 'http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['webhook', 'http://[::ffff:169.254.169.254]/', 'link-local'],
    ['webhook', 'http://2130706433/', 'loopback'],
    ['webhook', 'http://0x7f.1/', 'loopback'],
    ['email', 'smtp://10.0.0.25:25', 'private'],
    ['email', 'smtps://[fd00::25]:465', 'private'],
    ['dingtalk', 'https://oapi.dingtalk.com.evil.test/robot/send', 'robot-host'],
    ['dingtalk', 'http://oapi.dingtalk.com/robot/send', 'robot-host'],
    ['wecom', 'https://127.0.0.1/cgi-bin/webhook/send', 'robot-host'],
    ['feishu', 'https://open.feishu.cn.example/open-apis/bot/v2/hook/x', 'robot-host'],
    ['slack', 'https://hooks.slack.example/services/T/B/X', 'robot-host'],
  ] as const)('%s %s is refused (%s)', (channel, url, rule) => {
    expect(targetRefusal(channel, url, NONE)?.rule).toBe(rule);
  });

  test.each([
    ['webhook', 'https://erp.example/hooks/sop'],
    ['webhook', 'http://93.184.216.34/hook'],
    ['email', 'smtp://smtp.example.com:587'],
    ['dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=t'],
    ['wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k'],
    ['feishu', 'https://open.feishu.cn/open-apis/bot/v2/hook/x'],
    ['feishu', 'https://open.larksuite.com/open-apis/bot/v2/hook/x'],
    ['slack', 'https://hooks.slack.com/services/T/B/X'],
  ] as const)('%s %s is allowed', (channel, url) => {
    expect(targetRefusal(channel, url, NONE)).toBeUndefined();
  });

  test('a robot message names the official hosts and NOTIFY_ALLOWED_HOSTS, never the URL path or query', () => {
    expect(targetRefusal('dingtalk', 'https://relay.corp.example/robot/send?access_token=t0p-secret', NONE)?.message)
      .toBe('a dingtalk robot posts only to https://oapi.dingtalk.com (found https://relay.corp.example); an operator can allow another host in NOTIFY_ALLOWED_HOSTS.');
  });

  test('an address message names the host, the range, the rule and NOTIFY_ALLOWED_HOSTS', () => {
    expect(targetRefusal('webhook', 'http://169.254.169.254/latest/meta-data/?token=x', NONE)?.message)
      .toBe('169.254.169.254 is a link-local address (169.254.0.0/16, fe80::/10; includes cloud metadata at 169.254.169.254): notifications may not reach internal addresses (rule "link-local"). An operator can allow it by listing the host in NOTIFY_ALLOWED_HOSTS.');
  });

  test('a listed host lifts both rules: a robot relay on the intranet, a loopback test receiver', () => {
    const allowed = parseAllowedHosts(['relay.corp.example', '127.0.0.1']);
    expect(targetRefusal('dingtalk', 'http://relay.corp.example/robot/send', allowed)).toBeUndefined();
    expect(targetRefusal('wecom', 'http://127.0.0.1:9000/cgi-bin/webhook/send', allowed)).toBeUndefined();
    expect(targetRefusal('webhook', 'http://127.0.0.1:9000/hook', allowed)).toBeUndefined();
    expect(targetRefusal('webhook', 'http://127.0.0.2:9000/hook', allowed)?.rule).toBe('loopback');
  });
});

describe('quoting a receiver', () => {
  test('one line: control, bidi and zero-width characters removed, whitespace collapsed, cut with an ellipsis', () => {
    expect(oneLine('bad\r\n\tgateway\u202e\u200b <b>x</b>\u0000', 100)).toBe('bad gateway <b>x</b>');
    expect(excerpt('x'.repeat(500))).toBe(`${'x'.repeat(119)}…`);
    expect(shortReason('y'.repeat(2000))).toHaveLength(300);
  });
});
