import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import minimalReview from '../../../../tests/fixtures/sop/valid/minimal-review.json';
import type { SopDefinition } from '../../../../core/sop/types';
import { LocaleProvider } from '../../lib/i18n';
import { connectionRefusal } from './connection-rules';
import { SopEditor } from './sop-editor';

const fixture = minimalReview as unknown as SopDefinition;

function renderEditor(initial: SopDefinition = fixture) {
  let latest: SopDefinition = initial;
  const onDefinitionChange = vi.fn((d: SopDefinition) => {
    latest = d;
  });
  const view = render(
    <LocaleProvider locale="en">
      <div style={{ width: 1200, height: 800 }}>
        <SopEditor initial={initial} onDefinitionChange={onDefinitionChange} />
      </div>
    </LocaleProvider>,
  );
  return { ...view, current: () => latest };
}

const problemsSummary = () => screen.getByRole('button', { expanded: true, name: /problem|ready to publish/i });

describe('SOP editor', () => {
  it('adds a node from the palette and selects it for editing', async () => {
    const user = userEvent.setup();
    const { current } = renderEditor();
    await user.click(screen.getByRole('button', { name: 'Add Task node' }));
    expect(current().nodes.map((n) => n.id)).toContain('task_1');
    expect(screen.getByTestId('node-task_1')).toBeTruthy();
    expect(screen.getByRole('complementary', { name: 'Node properties' })).toBeTruthy();
  });

  it('connects a review outcome to a node and labels the edge with it', async () => {
    const user = userEvent.setup();
    const start: SopDefinition = { ...fixture, edges: fixture.edges.filter((e) => e.on !== 'rejected') };
    const { current } = renderEditor(start);
    fireEvent.click(screen.getByTestId('node-review'));
    const panel = screen.getByRole('complementary', { name: 'Node properties' });
    await user.selectOptions(within(panel).getByRole('combobox', { name: 'Outcome' }), 'rejected');
    await user.selectOptions(within(panel).getByRole('combobox', { name: 'Connect to' }), 'work');
    await user.click(within(panel).getByRole('button', { name: 'Add connection' }));
    expect(current().edges).toContainEqual({ from: 'review', to: 'work', on: 'rejected' });
  });

  it('refuses a connection the format forbids and leaves the graph unchanged', async () => {
    const user = userEvent.setup();
    const { current } = renderEditor();
    fireEvent.click(screen.getByTestId('node-work'));
    const panel = screen.getByRole('complementary', { name: 'Node properties' });
    await user.selectOptions(within(panel).getByRole('combobox', { name: 'Connect to' }), 'start');
    await user.click(within(panel).getByRole('button', { name: 'Add connection' }));
    expect(within(panel).getByRole('alert').textContent).toMatch(/nothing may lead into Start/);
    expect(current().edges).toEqual(fixture.edges);
  });

  it('refuses, while drawing, edges into start, out of end and a second edge from a task', () => {
    expect(connectionRefusal(fixture, { source: 'work', target: 'start', sourceHandle: 'submitted' })).toBe('into-start');
    expect(connectionRefusal(fixture, { source: 'end', target: 'work', sourceHandle: 'next' })).toBe('out-of-end');
    expect(connectionRefusal(fixture, { source: 'work', target: 'end', sourceHandle: 'submitted' })).toBe('handle-used');
    expect(connectionRefusal(fixture, { source: 'review', target: 'review', sourceHandle: 'approved' })).toBe('self');
    expect(connectionRefusal({ ...fixture, edges: [] }, { source: 'review', target: 'end', sourceHandle: 'approved' })).toBeNull();
  });

  it('edits a task in the properties panel and updates the definition', async () => {
    const user = userEvent.setup();
    const { current } = renderEditor();
    fireEvent.click(screen.getByTestId('node-work'));
    const panel = screen.getByRole('complementary', { name: 'Node properties' });
    const title = within(panel).getByLabelText('Title');
    await user.clear(title);
    await user.type(title, 'Draw the banner');
    await user.type(within(panel).getByLabelText('After activation'), '2');
    expect(within(panel).getByRole('combobox', { name: 'Unit of After activation' })).toHaveProperty('value', 'D');
    const work = current().nodes.find((n) => n.id === 'work');
    expect(work).toMatchObject({ title: 'Draw the banner', due: { after: 'P2D' } });
    expect(screen.getByTestId('node-work').textContent).toContain('Draw the banner');
  });

  it('marks a node as a milestone with the inspector checkbox and removes the key when unticked', async () => {
    const user = userEvent.setup();
    const { current } = renderEditor();
    fireEvent.click(screen.getByTestId('node-work'));
    const box = within(screen.getByRole('complementary', { name: 'Node properties' })).getByLabelText(/^Milestone/);
    await user.click(box);
    expect(current().nodes.find((n) => n.id === 'work')?.milestone).toBe(true);
    await user.click(box);
    expect(current().nodes.find((n) => n.id === 'work')).not.toHaveProperty('milestone');
  });

  it('shows validation badges on the node at fault and clears them when fixed', async () => {
    const user = userEvent.setup();
    renderEditor();
    expect(problemsSummary().textContent).toMatch(/ready to publish/);
    await user.click(screen.getByRole('button', { name: 'Add Wait node' }));
    expect(within(screen.getByTestId('node-wait_1')).getByRole('img', { name: /problems/ })).toBeTruthy();
    expect(problemsSummary().textContent).toMatch(/\d+ problems/);
    await user.click(screen.getByRole('button', { name: 'Delete node' }));
    expect(screen.queryByTestId('node-wait_1')).toBeNull();
    expect(problemsSummary().textContent).toMatch(/ready to publish/);
  });

  it('selects the node of a problem when the problem is clicked', async () => {
    const user = userEvent.setup();
    renderEditor();
    await user.click(screen.getByRole('button', { name: 'Add Notify node' }));
    await user.click(screen.getByRole('button', { name: 'Add Task node' }));
    const list = screen.getByRole('region', { name: 'Problems' });
    const notifyProblem = within(list).getAllByRole('button').find((b) => b.textContent?.startsWith('notify_1'));
    await user.click(notifyProblem as HTMLElement);
    expect(within(screen.getByRole('complementary', { name: 'Node properties' })).getByLabelText('ID')).toHaveProperty('value', 'notify_1');
  });

  it('undoes and redoes with Ctrl+Z and Ctrl+Shift+Z', async () => {
    const user = userEvent.setup();
    const { current } = renderEditor();
    await user.click(screen.getByRole('button', { name: 'Add Auto check node' }));
    expect(current().nodes).toHaveLength(5);
    act(() => void fireEvent.keyDown(window, { key: 'z', ctrlKey: true }));
    expect(current().nodes).toHaveLength(4);
    expect(screen.queryByTestId('node-check_1')).toBeNull();
    act(() => void fireEvent.keyDown(window, { key: 'Z', ctrlKey: true, shiftKey: true }));
    expect(current().nodes).toHaveLength(5);
    expect(screen.getByTestId('node-check_1')).toBeTruthy();
  });

  it('undoes a burst of typing in one step', async () => {
    const user = userEvent.setup();
    const { current } = renderEditor();
    fireEvent.click(screen.getByTestId('node-review'));
    const title = within(screen.getByRole('complementary', { name: 'Node properties' })).getByLabelText('Title');
    await user.type(title, 'QA check');
    expect(current().nodes.find((n) => n.id === 'review')?.title).toBe('QA check');
    act(() => void fireEvent.keyDown(window, { key: 'z', ctrlKey: true }));
    expect(current().nodes.find((n) => n.id === 'review')?.title).toBeUndefined();
  });

  it('shows a live example file name for a naming template and its parse error', async () => {
    const user = userEvent.setup();
    renderEditor();
    const naming = screen.getAllByLabelText('Naming template')[0] as HTMLInputElement;
    await user.click(naming);
    await user.paste('{job.code}_report_v{version:2}.{ext:pdf}');
    expect(screen.getByText('JOB-001_report_v01.pdf')).toBeTruthy();
    await user.type(naming, '{{oops');
    expect(naming.closest('.field')?.querySelector('.field-error')?.textContent).toMatch(/unclosed|brace/i);
    expect(screen.queryByText('JOB-001_report_v01.pdf')).toBeNull();
  });

  it('declares a job field in the SOP settings: single choice with options, visible to vendors, and validates it', async () => {
    const user = userEvent.setup();
    const { current } = renderEditor();
    await user.click(screen.getByRole('button', { name: '+ Add field' }));
    const jobFields = screen.getByRole('group', { name: 'Job fields' });
    const id = within(jobFields).getByLabelText('ID');
    await user.clear(id);
    await user.type(id, 'priority');
    await user.type(within(jobFields).getByLabelText('Label'), 'Priority');
    await user.selectOptions(within(jobFields).getByRole('combobox', { name: 'Type' }), 'select');
    expect(current().fields).toEqual([{ id: 'priority', label: 'Priority', type: 'select', visibleTo: [] }]);
    expect(screen.getAllByText(/lists no “options”/).length).toBeGreaterThan(0);
    const options = within(jobFields).getByLabelText('Options');
    await user.type(options, 'high{Enter}');
    await user.click(within(jobFields).getByRole('button', { name: 'Vendor' }));
    await user.click(within(jobFields).getByLabelText('Required'));
    expect(current().fields).toEqual([{ id: 'priority', label: 'Priority', type: 'select', options: ['high'], visibleTo: ['vendor'], required: true }]);
    expect(screen.queryAllByText(/lists no “options”/)).toEqual([]);
  });
});
