import { render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../lib/api-types';
import { LocaleProvider } from '../../lib/i18n';
import { stubApi } from '../../test/api-stub';
import { CheckResults, checksInFlight, runningChecks } from './check-results';

/** A visual check result whose diff image is built on its first open (its artefact URL). */
const visualResult = (id: string, round: number, passed: boolean, diffPixels: number): CheckResult =>
  ({
    id, nodeId: 'checks', round, kind: 'visual', deliverable: 'banner', passed, figures: { diffPixels, regions: [] }, reasons: [],
    artefacts: [{ kind: 'diff', url: `/api/jobs/j1/checks/${id}/artefacts/diff` }],
  }) as unknown as CheckResult;
const artefactCalls = () => stubApi((_method, url) => (url.includes('/artefacts/') ? { body: {} } : undefined));

const naming = (round: number, passed: boolean): CheckResult =>
  ({ id: `n${round}`, nodeId: 'checks', round, kind: 'naming', passed, figures: { name: 'X_design_v01.png' }, reasons: [], artefacts: [] }) as unknown as CheckResult;

function show(checks: CheckResult[], running: Array<{ nodeId: string; round: number }> = []) {
  return render(
    <LocaleProvider locale="en">
      <CheckResults checks={checks} running={running} />
    </LocaleProvider>,
  );
}

const roundHeader = (round: number) => screen.getByText(`Round ${round}`).closest('header') as HTMLElement;

describe('CheckResults', () => {
  it('shows a visual check\'s diff thumbnail from its artefact URL, where the image is built on the first open', async () => {
    const calls = stubApi((_method, url) => (url.includes('/artefacts/') ? { body: {} } : undefined));
    const visual = {
      id: 'v1', nodeId: 'checks', round: 1, kind: 'visual', deliverable: 'banner', passed: false, figures: { diffPixels: 12, regions: [] }, reasons: [],
      artefacts: [{ kind: 'diff', url: '/api/jobs/j1/checks/v1/artefacts/diff' }, { kind: 'overlay', url: '/api/jobs/j1/checks/v1/artefacts/overlay' }],
    } as unknown as CheckResult;
    show([visual]);
    await waitFor(() => expect(calls.map((c) => c.url)).toEqual(['/api/jobs/j1/checks/v1/artefacts/diff']));
  });

  it('asks for a visual check\'s diff image only once its round\'s verdict is in (the API builds it on that first open)', async () => {
    const calls = artefactCalls();
    const visual = visualResult('v2', 2, true, 3);
    const view = show([visual], [{ nodeId: 'checks', round: 2 }]);
    expect(screen.getByRole('button', { name: 'Diff image once the round is checked (click to show it now)' })).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toEqual([]);
    view.rerender(
      <LocaleProvider locale="en">
        <CheckResults checks={[visual]} running={[]} />
      </LocaleProvider>,
    );
    await waitFor(() => expect(calls.map((c) => c.url)).toEqual(['/api/jobs/j1/checks/v2/artefacts/diff']));
    expect(screen.queryByRole('button', { name: /Diff image once/ })).toBeNull();
  });

  it('shows the diff image of a round still checking when asked (a step that never finishes does not hide it)', async () => {
    const calls = artefactCalls();
    const visual = visualResult('v3', 1, false, 30);
    show([visual], [{ nodeId: 'checks', round: 1 }]);
    screen.getByRole('button', { name: /Diff image once/ }).click();
    await waitFor(() => expect(calls.map((c) => c.url)).toEqual(['/api/jobs/j1/checks/v3/artefacts/diff']));
  });

  it('counts the checks as working only in a running job with an active (not overdue) check step', () => {
    const job = (status: string, stepStatus: string) => ({ status, steps: [{ type: 'check', status: stepStatus }, { type: 'task', status: 'active' }] });
    expect(checksInFlight(job('running', 'active'))).toBe(true);
    expect(checksInFlight(job('running', 'overdue'))).toBe(false);
    expect(checksInFlight(job('failed', 'active'))).toBe(false);
    expect(checksInFlight({ status: 'running', steps: [{ type: 'task', status: 'active' }] })).toBe(false);
  });

  it('shows a round whose check step still runs as "Checking…", not as passed, even when the results so far all passed', () => {
    show([naming(1, true)], [{ nodeId: 'checks', round: 1 }]);
    expect(within(roundHeader(1)).getByText('Checking…')).toBeTruthy();
    expect(within(roundHeader(1)).queryByText('Passed')).toBeNull();
    expect(roundHeader(1).closest('section')?.getAttribute('aria-busy')).toBe('true');
  });

  it('shows a running round that has no result yet, above the finished rounds', () => {
    show([naming(1, false)], [{ nodeId: 'checks', round: 2 }]);
    const headers = screen.getAllByRole('banner').map((h) => h.textContent);
    expect(headers).toEqual(['Round 2Checking…', 'Round 1Failed']);
  });

  it('gives the verdict once the step has finished', () => {
    show([naming(1, true)]);
    expect(within(roundHeader(1)).getByText('Passed')).toBeTruthy();
  });

  it('says there are no results only when nothing ran and nothing runs', () => {
    show([]);
    expect(screen.getByText('No check results yet')).toBeTruthy();
  });

  it('takes the running rounds from the job’s active or overdue check steps only', () => {
    expect(
      runningChecks({
        steps: [
          { nodeId: 'checks', type: 'check', round: 2, status: 'active' },
          { nodeId: 'checks', type: 'check', round: 1, status: 'done' },
          { nodeId: 'draft', type: 'task', round: 2, status: 'active' },
          { nodeId: 'ocr', type: 'check', round: 1, status: 'overdue' },
        ],
      }),
    ).toEqual([{ nodeId: 'checks', round: 2 }, { nodeId: 'ocr', round: 1 }]);
  });
});
