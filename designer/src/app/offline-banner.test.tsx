import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiRequest } from '../lib/api-client';
import { LocaleProvider, type Locale } from '../lib/i18n';
import { reportWaitingUpload } from '../lib/network-status';
import { OfflineBanner } from './offline-banner';

let online = true;
const setOnline = (value: boolean) => act(() => {
  online = value;
  window.dispatchEvent(new Event(value ? 'online' : 'offline'));
});
const renderBanner = (locale: Locale) => render(<LocaleProvider locale={locale}><OfflineBanner /></LocaleProvider>);

beforeEach(() => {
  vi.spyOn(navigator, 'onLine', 'get').mockImplementation(() => online);
});
afterEach(() => {
  setOnline(true);
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('the offline banner', () => {
  it('appears when the browser goes offline and goes when it is back (English)', () => {
    renderBanner('en');
    expect(screen.queryByRole('status')).toBeNull();
    setOnline(false);
    expect(screen.getByRole('status').textContent).toBe('Offline — showing what was saved last; it updates when you are back online.');
    setOnline(true);
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('says the server cannot be reached when a request gets no answer, until one is answered (Chinese)', async () => {
    renderBanner('zh-CN');
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    await act(async () => {
      await apiRequest('/me/tasks').catch(() => undefined);
    });
    expect(screen.getByRole('status').textContent).toBe('无法连接服务器 — 当前显示的是上次保存的内容，正在等待网络。');
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } })));
    await act(async () => {
      await apiRequest('/me/tasks');
    });
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('counts the uploads waiting for the connection', () => {
    renderBanner('zh-CN');
    act(() => reportWaitingUpload(1));
    expect(screen.getByRole('status').textContent).toBe('等待网络：1 个上传将在恢复连接后自动继续，请勿关闭页面。');
    act(() => reportWaitingUpload(-1));
    expect(screen.queryByRole('status')).toBeNull();
  });
});
