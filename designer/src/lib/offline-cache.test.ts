import { afterEach, describe, expect, it, vi } from 'vitest';
import { MY_DATA_CACHE } from './offline-cache';
import { writeToken } from './session';

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.removeItem('sop.token');
});

describe('the offline copy of the caller\'s data', () => {
  it('is deleted whenever the session changes hands (login, another login, logout), not when the same token is written again', async () => {
    const deleted: string[] = [];
    vi.stubGlobal('caches', { delete: vi.fn(async (name: string) => { deleted.push(name); return true; }) });
    writeToken('token-a');
    writeToken('token-a');
    writeToken('token-b');
    writeToken(null);
    writeToken(null);
    await vi.waitFor(() => expect(deleted).toEqual([MY_DATA_CACHE, MY_DATA_CACHE, MY_DATA_CACHE]));
    expect(MY_DATA_CACHE).toBe('sop-my-data');
  });
});
