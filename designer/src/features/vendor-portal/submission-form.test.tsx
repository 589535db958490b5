import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import storeDecoration from '../../../../tests/fixtures/sop/valid/store-decoration.json';
import type { SopDefinition, TaskNode } from '../../../../core/sop/types';
import type { JobDetail } from '../../lib/api-types';
import { LocaleProvider } from '../../lib/i18n';
import { SubmissionForm } from './submission-form';

const definition = storeDecoration as unknown as SopDefinition;
const node = definition.nodes.find((n) => n.id === 'draft') as TaskNode;
const job: JobDetail = {
  id: 'job-1', code: 'DD11-042', title: 'Banner', status: 'running', workflowId: 'job-DD11-042', sop: { key: 'store-decoration', version: 1 },
  vendorOrg: { id: 'o', name: 'Vendor A' }, ownerId: 'u-o', assignees: {}, createdAt: '2026-11-27T08:00:00.000Z', completedAt: null, fields: {},
  steps: [], activeSteps: ['draft'], definition,
};

/** Records what the form sends and answers like the API. */
class FakeXhr {
  static sent: { url: string; form: FormData }[] = [];
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  status = 0;
  statusText = '';
  responseText = '';
  private url = '';
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader() {}
  send(form: FormData) {
    FakeXhr.sent.push({ url: this.url, form });
    this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 100 });
    this.status = 201;
    this.responseText = JSON.stringify({ submissionId: 's1', round: 1, files: [], naming: [] });
    setTimeout(() => this.onload?.(), 0);
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  FakeXhr.sent = [];
});

function renderForm(onSubmitted = vi.fn()) {
  render(
    <LocaleProvider locale="en">
      <SubmissionForm job={job} definition={definition} node={node} step={undefined} versions={[]} onSubmitted={onSubmitted} />
    </LocaleProvider>,
  );
  return onSubmitted;
}

describe('vendor submission', () => {
  it('explains a wrong file name before uploading and fixes it on request', async () => {
    const user = userEvent.setup();
    renderForm();
    await user.upload(screen.getByLabelText('首页横幅', { selector: 'input' }), new File(['png'], 'banner final.png', { type: 'image/png' }));
    expect(screen.getByText(/does not follow the rule/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Submit' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: /Use the correct name: DD11-042_banner_v01\.png/ }));
    expect(screen.getByText(/follows the rule/)).toBeTruthy();
  });

  it('uploads one part per deliverable with the checklist and note, showing progress', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const user = userEvent.setup();
    const onSubmitted = renderForm();
    await user.upload(screen.getByLabelText('首页横幅', { selector: 'input' }), new File(['png'], 'DD11-042_banner_v01.png', { type: 'image/png' }));
    const checklist = screen.getByRole('group', { name: 'Confirm before submitting' });
    for (const box of within(checklist).getAllByRole('checkbox')) await user.click(box);
    await user.type(screen.getByLabelText('Note (optional)'), 'colours per brand book');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(onSubmitted).toHaveBeenCalled());
    const [sent] = FakeXhr.sent;
    expect(sent?.url).toBe('/api/jobs/job-1/steps/draft/submissions');
    expect((sent?.form.get('banner') as File).name).toBe('DD11-042_banner_v01.png');
    expect(JSON.parse(sent?.form.get('checklist') as string)).toEqual({ size: true, layers: true, fonts: true });
    expect(sent?.form.get('note')).toBe('colours per brand book');
    expect(screen.getByRole('status').textContent).toMatch(/Round 1 submitted/);
  });
});
