import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import storeDecoration from '../../../../tests/fixtures/sop/valid/store-decoration.json';
import type { FormFieldSpec, SopDefinition, TaskNode } from '../../../../core/sop/types';
import type { JobDetail } from '../../lib/api-types';
import { LocaleProvider, type Locale } from '../../lib/i18n';
import { SubmissionForm } from './submission-form';

const form: FormFieldSpec[] = [
  { id: 'fontsUsed', label: 'Fonts used', type: 'multiSelect', required: true, options: ['Noto Sans', 'Source Han Sans'] },
  { id: 'hours', label: 'Hours spent', type: 'number', min: 0, max: 200, help: 'Whole job, in hours' },
  { id: 'proofDate', label: 'Proof date', type: 'date', required: true },
  { id: 'proof', label: 'Print proof', type: 'file', required: true, accept: ['application/pdf'] },
  { id: 'coloursChecked', label: 'Colours checked', type: 'checkbox', required: true },
];
const base = storeDecoration as unknown as SopDefinition;
const definition: SopDefinition = { ...base, nodes: base.nodes.map((n) => (n.id === 'draft' ? { ...n, form } : n)) };
const node = definition.nodes.find((n) => n.id === 'draft') as TaskNode;
const job: JobDetail = {
  id: 'job-1', code: 'DD11-042', title: 'Banner', status: 'running', workflowId: 'job-DD11-042', sop: { key: 'store-decoration', version: 1 },
  vendorOrg: { id: 'o', name: 'Vendor A' }, ownerId: 'u-o', assignees: {}, createdAt: '2026-11-27T08:00:00.000Z', completedAt: null, fields: {},
  steps: [], activeSteps: ['draft'], definition,
};

/** Records what the form sends and answers with `FakeXhr.answer`. */
class FakeXhr {
  static sent: { url: string; form: FormData }[] = [];
  static answer: { status: number; body: unknown } = { status: 201, body: { submissionId: 's1', round: 1, files: [], naming: [] } };
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
  send(body: FormData) {
    FakeXhr.sent.push({ url: this.url, form: body });
    this.status = FakeXhr.answer.status;
    this.responseText = JSON.stringify(FakeXhr.answer.body);
    setTimeout(() => this.onload?.(), 0);
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  FakeXhr.sent = [];
  FakeXhr.answer = { status: 201, body: { submissionId: 's1', round: 1, files: [], naming: [] } };
});

async function renderReady(locale: Locale = 'en') {
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  const user = userEvent.setup();
  const onSubmitted = vi.fn();
  render(
    <LocaleProvider locale={locale}>
      <SubmissionForm job={job} definition={definition} node={node} step={undefined} versions={[]} onSubmitted={onSubmitted} />
    </LocaleProvider>,
  );
  await user.upload(screen.getByLabelText('首页横幅', { selector: 'input' }), new File(['png'], 'DD11-042_banner_v01.png', { type: 'image/png' }));
  for (const box of within(screen.getByRole('group', { name: locale === 'en' ? 'Confirm before submitting' : '提交前确认' })).getAllByRole('checkbox')) await user.click(box);
  return { user, onSubmitted };
}

const fieldOf = (label: RegExp) => screen.getByLabelText(label).closest('.field') as HTMLElement;

describe('vendor submission: the task form', () => {
  it('shows each missing or invalid answer under its question in English and sends nothing', async () => {
    const { user } = await renderReady();
    expect(screen.getByText('Whole job, in hours')).toBeTruthy();
    expect(within(screen.getByRole('group', { name: /Fonts used/ })).getByText('· required')).toBeTruthy();
    await user.type(screen.getByLabelText(/Hours spent/), '500');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    expect(within(screen.getByRole('group', { name: /Fonts used/ })).getByText('“Fonts used” (fontsUsed) must be answered.')).toBeTruthy();
    expect(within(fieldOf(/Hours spent/)).getByText('The answer to “Hours spent” (hours) must be at most 200.')).toBeTruthy();
    expect(within(fieldOf(/Proof date/)).getByText('“Proof date” (proofDate) must be answered.')).toBeTruthy();
    expect(within(fieldOf(/Print proof/)).getByText('“Print proof” (proof) must be answered.')).toBeTruthy();
    expect(within(fieldOf(/Colours checked/)).getByText('“Colours checked” (coloursChecked) must be answered (ticked).')).toBeTruthy();
    expect(screen.getByText('Fix the answers in the form first')).toBeTruthy();
    expect(FakeXhr.sent).toEqual([]);
  });

  it('a valid submission sends the answers as the form part and the file question upload as part form:<id>', async () => {
    const { user, onSubmitted } = await renderReady();
    const fonts = screen.getByRole('group', { name: /Fonts used/ });
    await user.click(within(fonts).getByLabelText('Source Han Sans'));
    await user.type(screen.getByLabelText(/Hours spent/), '12.5');
    fireEvent.change(screen.getByLabelText(/Proof date/), { target: { value: '2026-12-01' } });
    await user.upload(screen.getByLabelText(/Print proof/), new File(['%PDF'], 'proof.pdf', { type: 'application/pdf' }));
    await user.click(screen.getByLabelText(/Colours checked/));
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(onSubmitted).toHaveBeenCalledWith(1));
    const [sent] = FakeXhr.sent;
    expect(JSON.parse(sent?.form.get('form') as string)).toEqual({ fontsUsed: ['Source Han Sans'], hours: 12.5, proofDate: '2026-12-01', coloursChecked: true });
    expect((sent?.form.get('form:proof') as File).name).toBe('proof.pdf');
    expect((sent?.form.get('banner') as File).name).toBe('DD11-042_banner_v01.png');
    expect(sent?.form.get('proof')).toBeNull();
  });

  it('a file of a type the question does not accept is named under the question before uploading', async () => {
    await renderReady();
    fireEvent.change(screen.getByLabelText(/Print proof/), { target: { files: [new File(['png'], 'proof.png', { type: 'image/png' })] } });
    expect(within(fieldOf(/Print proof/)).getByText('File type image/png is not accepted (allowed: application/pdf)')).toBeTruthy();
  });

  it("shows the API's 422 errors under their questions in the viewer's language, the others in the banner", async () => {
    const { user } = await renderReady('zh-CN');
    FakeXhr.answer = {
      status: 422,
      body: {
        type: 'about:blank', title: 'Unprocessable', status: 422, code: 'form-invalid', detail: 'Some answers do not fit their question.',
        errors: [
          { path: '/form/hours', code: 'form-invalid', message: 'Hours: server says no.', messages: { en: 'Hours: server says no.', 'zh-CN': '工时：服务器不接受。' } },
          { path: '/checklist', code: 'checklist-invalid', message: 'Checklist: elsewhere.' },
        ],
      },
    };
    await user.click(within(screen.getByRole('group', { name: /Fonts used/ })).getByLabelText('Noto Sans'));
    fireEvent.change(screen.getByLabelText(/Proof date/), { target: { value: '2026-12-01' } });
    await user.upload(screen.getByLabelText(/Print proof/), new File(['%PDF'], 'proof.pdf', { type: 'application/pdf' }));
    await user.click(screen.getByLabelText(/Colours checked/));
    await user.type(screen.getByLabelText(/Hours spent/), '3');
    await user.click(screen.getByRole('button', { name: '提交' }));
    await waitFor(() => expect(within(fieldOf(/Hours spent/)).getByText('工时：服务器不接受。')).toBeTruthy());
    const banner = screen.getByRole('alert');
    expect(within(banner).getByText(/Checklist: elsewhere\./)).toBeTruthy();
    expect(within(banner).queryByText(/server says no/)).toBeNull();
    await user.type(screen.getByLabelText(/Hours spent/), '0');
    expect(within(fieldOf(/Hours spent/)).queryByText('工时：服务器不接受。')).toBeNull();
  });

  it('when every API error sits under a question, the banner only says to fix the answers, in the viewer language', async () => {
    const { user } = await renderReady('zh-CN');
    FakeXhr.answer = {
      status: 422,
      body: { title: 'Unprocessable Content', status: 422, detail: 'Some answers do not fit their question. Hours: server says no.', errors: [{ path: '/form/hours', code: 'form-invalid', message: 'Hours: server says no.', messages: { en: 'Hours: server says no.', 'zh-CN': '工时：服务器不接受。' } }] },
    };
    await user.click(within(screen.getByRole('group', { name: /Fonts used/ })).getByLabelText('Noto Sans'));
    fireEvent.change(screen.getByLabelText(/Proof date/), { target: { value: '2026-12-01' } });
    await user.upload(screen.getByLabelText(/Print proof/), new File(['%PDF'], 'proof.pdf', { type: 'application/pdf' }));
    await user.click(screen.getByLabelText(/Colours checked/));
    await user.click(screen.getByRole('button', { name: '提交' }));
    await waitFor(() => expect(within(fieldOf(/Hours spent/)).getByText('工时：服务器不接受。')).toBeTruthy());
    expect(screen.getByRole('alert').textContent).toBe('请先修正表单中的回答422×');
  });
});
