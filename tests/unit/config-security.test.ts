/**
 * The security-relevant configuration: demo mode only when asked for, and a
 * TRUST_PROXY that cannot be set to "trust everyone".
 */
import { loadConfig, trustProxyFrom } from '../../platform/config';

describe('SOP_DEMO', () => {
  test.each([
    [undefined, false], ['', false], ['0', false], ['off', false], ['1', true], ['on', true],
  ])('SOP_DEMO=%p gives demoMode %p', (raw, expected) => {
    expect(loadConfig({ SOP_DEMO: raw }).demoMode).toBe(expected);
  });

  test('an unclear value is refused with what to write instead', () => {
    expect(() => loadConfig({ SOP_DEMO: 'yes' })).toThrow('SOP_DEMO must be 1 (demo mode) or 0 (found "yes")');
  });
});

describe('TRUST_PROXY', () => {
  test.each([
    [undefined, false], ['off', false], ['false', false], ['0', false], ['1', 1], ['2', 2],
    ['10.0.0.5', ['10.0.0.5']], ['10.0.0.0/8, loopback', ['10.0.0.0/8', 'loopback']], ['fd00::/8', ['fd00::/8']],
  ])('TRUST_PROXY=%p is read as %p', (raw, expected) => {
    expect(trustProxyFrom(raw)).toEqual(expected);
  });

  test('true (any client chooses its address) and garbage are refused', () => {
    expect(() => trustProxyFrom('true')).toThrow(/give the number of proxies/);
    expect(() => trustProxyFrom('proxy.internal')).toThrow('TRUST_PROXY must be off, a hop count, or addresses/subnets (found "proxy.internal")');
  });
});
