import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocaleProvider } from '../../lib/i18n';
import { DeliverableContext, liveExample } from './deliverable-context';

const spec = { id: 'banner', label: '横幅', naming: '{job.code}_banner_v{version:2}.{ext:png|jpg}' };
const vars = { 'job.code': 'SPRING-7', 'job.vendor': 'Vendor A', deliverable: 'banner', version: 3, date: '2026-12-02' };

afterEach(() => vi.unstubAllGlobals());

describe('deliverable context', () => {
  it('fills the naming rule with this job\'s values: the next version, the first extension', () => {
    expect(liveExample(spec.naming, vars)).toBe('SPRING-7_banner_v03.png');
    expect(liveExample('{nonsense', vars)).toBeUndefined();
    expect(liveExample(undefined, vars)).toBeUndefined();
  });

  it('shows the rule with the live example and the reference, which downloads with the bearer token', async () => {
    localStorage.setItem('sop.token', 'tok-v');
    const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => new Response('png', { status: 200, headers: { 'content-type': 'image/png' } }));
    vi.stubGlobal('fetch', fetchMock);
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() }));
    const user = userEvent.setup();
    render(
      <LocaleProvider locale="en">
        <DeliverableContext spec={spec} vars={vars} reference={{ fileId: 'f-ref', name: 'reference.png', mime: 'image/png' }} />
      </LocaleProvider>,
    );
    expect(screen.getByText('SPRING-7_banner_v03.png')).toBeTruthy();
    expect(screen.getByText(spec.naming)).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('img', { name: 'Reference file reference.png' })).toBeTruthy());
    await user.click(screen.getByRole('button', { name: /reference\.png/ }));
    await waitFor(() => expect(fetchMock.mock.calls.some(([url]) => String(url) === '/api/files/f-ref/content')).toBe(true));
    const [, init] = fetchMock.mock.calls.find(([url]) => String(url) === '/api/files/f-ref/content') as unknown as [string, RequestInit];
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok-v');
  });
});
