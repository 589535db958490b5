import { SessionCache } from '../../api/auth/session-cache';
import type { AuthUser } from '../../api/auth/auth-user';

const user: AuthUser = { id: 'u1', email: 'a@b.test', name: 'A', roles: ['manager'], orgId: 'o1', orgKind: 'internal', orgName: 'O', locale: 'zh-CN', timezone: 'Asia/Shanghai' };
const value = { user, sessionId: 's1' };
const later = () => new Date(Date.now() + 60_000);

/** A load whose answer the test releases, counting its calls. */
function gatedLoad(answer: typeof value | null = value) {
  let calls = 0;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const load = async () => {
    calls += 1;
    await gate;
    return answer ? { value: answer, expiresAt: later() } : undefined;
  };
  return { load, release: () => release(), calls: () => calls };
}

describe('SessionCache.lookup', () => {
  it('makes one read for fifty concurrent misses of the same token and gives every caller its answer', async () => {
    const cache = new SessionCache();
    const gated = gatedLoad();
    const answers = Array.from({ length: 50 }, () => cache.lookup('h', gated.load));
    gated.release();
    const results = await Promise.all(answers);
    expect(gated.calls()).toBe(1);
    expect(results.every((r) => r === value)).toBe(true);
    await cache.lookup('h', gated.load);
    expect(gated.calls()).toBe(1); // cached now
  });

  it('reads different tokens separately', async () => {
    const cache = new SessionCache();
    const a = gatedLoad();
    const b = gatedLoad();
    const both = [cache.lookup('a', a.load), cache.lookup('b', b.load)];
    a.release();
    b.release();
    await Promise.all(both);
    expect([a.calls(), b.calls()]).toEqual([1, 1]);
  });

  it('does not let a request after a logout join a read that started before it, nor cache that read', async () => {
    const cache = new SessionCache();
    const before = gatedLoad();
    const first = cache.lookup('h', before.load);
    cache.evictSession('s1');
    const after = gatedLoad(null); // the session is revoked now
    const second = cache.lookup('h', after.load);
    after.release();
    before.release();
    expect(await first).toBe(value);
    expect(await second).toBeUndefined();
    expect(cache.get('h')).toBeUndefined();
    expect([before.calls(), after.calls()]).toEqual([1, 1]);
  });

  it('caches no refusal and no failure: the next request reads again', async () => {
    const cache = new SessionCache();
    expect(await cache.lookup('h', async () => undefined)).toBeUndefined();
    await expect(cache.lookup('h', async () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    let calls = 0;
    const answer = await cache.lookup('h', async () => {
      calls += 1;
      return { value, expiresAt: later() };
    });
    expect(answer).toBe(value);
    expect(calls).toBe(1);
  });

  it('with a TTL of 0 still shares one read among concurrent misses but keeps nothing', async () => {
    const cache = new SessionCache(0);
    const gated = gatedLoad();
    const answers = [cache.lookup('h', gated.load), cache.lookup('h', gated.load)];
    gated.release();
    await Promise.all(answers);
    expect(gated.calls()).toBe(1);
    expect(cache.get('h')).toBeUndefined();
  });
});
