import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubApi } from '../../test/api-stub';
import { person, renderWithSession } from '../../test/render-with-session';
import { VendorSuggestions } from './vendor-suggestions';

afterEach(() => vi.unstubAllGlobals());

const suggestions = {
  sop: 'banner', from: '2026-06-06T00:00:00.000Z', to: '2026-12-03T00:00:00.000Z',
  items: [
    { org: { id: 'o-vb', name: 'Vendor B' }, score: 88.5, rank: 1, onTime: { probability: 0.75, onTime: 2, due: 2, basis: 'sop', source: 'history' }, openLoad: { jobs: 1, steps: 1, overdueSteps: 0 }, suggested: true },
    { org: { id: 'o-va', name: 'Vendor A' }, score: null, rank: null, onTime: { probability: 0.6, onTime: 5, due: 8, basis: 'all', source: 'history' }, openLoad: { jobs: 3, steps: 4, overdueSteps: 2 }, suggested: false },
    { org: { id: 'o-vc', name: 'Vendor C' }, score: null, rank: null, onTime: { probability: 0.5, onTime: 0, due: 0, basis: 'none', source: 'history' }, openLoad: { jobs: 0, steps: 0, overdueSteps: 0 }, suggested: false },
  ],
};

describe('vendor suggestions on the start-job form', () => {
  it('lists vendors best first with the on-time probability and what it rests on, score, load; "Use" picks one', async () => {
    stubApi((_m, url) => (url === '/api/me' ? { body: person(['owner']) } : url === '/api/sops/banner/vendor-suggestions' ? { body: suggestions } : undefined));
    const chosen = vi.fn();
    renderWithSession(<VendorSuggestions sopKey="banner" chosen="o-va" onChoose={chosen} />);
    const list = await screen.findByRole('region', { name: 'Vendor suggestions (last 180 days)' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map((r) => r.querySelector('strong')?.textContent)).toEqual(['Vendor B', 'Vendor A', 'Vendor C']);
    expect(within(rows[0]!).getByText('Suggested')).toBeTruthy();
    expect(rows[0]!.textContent).toContain('On time 75% · 2/2 steps of this SOP on time · Score 88.5 · rank 1 · 1 open steps');
    expect(rows[1]!.textContent).toContain('On time 60% · 5/8 steps of all SOPs on time (none of this SOP yet) · No score for this SOP · 4 open steps (2 overdue)');
    expect(rows[2]!.textContent).toContain('No history yet');
    expect(within(rows[1]!).getByRole('button', { name: 'Use Vendor A' })).toHaveProperty('disabled', true);
    await userEvent.setup().click(within(rows[0]!).getByRole('button', { name: 'Use Vendor B' }));
    expect(chosen).toHaveBeenCalledWith('o-vb');
  });
});
