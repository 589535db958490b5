import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import minimalReview from '../../../../tests/fixtures/sop/valid/minimal-review.json';
import type { SopDefinition, TaskNode } from '../../../../core/sop/types';
import { LocaleProvider } from '../../lib/i18n';
import { SopEditor } from './sop-editor';

const fixture = minimalReview as unknown as SopDefinition;

function renderEditor(initial: SopDefinition = fixture) {
  let latest: SopDefinition = initial;
  render(
    <LocaleProvider locale="en">
      <div style={{ width: 1200, height: 800 }}>
        <SopEditor initial={initial} onDefinitionChange={vi.fn((d: SopDefinition) => { latest = d; })} />
      </div>
    </LocaleProvider>,
  );
  fireEvent.click(screen.getByTestId('node-work'));
  return { panel: screen.getByRole('complementary', { name: 'Node properties' }), work: () => latest.nodes.find((n) => n.id === 'work') as TaskNode };
}

describe('task form questions in the SOP designer', () => {
  it('a single-choice question without options shows the FORM_FIELD_OPTIONS_MISSING message under its options, gone once an option is added', async () => {
    const user = userEvent.setup();
    const { panel, work } = renderEditor();
    await user.click(within(panel).getByRole('button', { name: '+ Add question' }));
    const row = within(panel).getByRole('group', { name: 'Question' });
    await user.type(within(row).getByLabelText('Label'), 'Fonts used');
    await user.selectOptions(within(row).getByRole('combobox', { name: 'Type' }), 'select');
    expect(work().form).toEqual([{ id: 'question1', label: 'Fonts used', type: 'select' }]);
    const message = 'Form question “question1” of step “work” is a single-choice question but lists no “options”. Add the choices people may pick.';
    const options = within(row).getByLabelText('Options').closest('.field') as HTMLElement;
    expect(within(options).getByText(message)).toBeTruthy();
    await user.type(within(row).getByLabelText('Options'), 'Noto Sans{Enter}');
    expect(work().form).toEqual([{ id: 'question1', label: 'Fonts used', type: 'select', options: ['Noto Sans'] }]);
    expect(within(panel).queryByText(message)).toBeNull();
  });

  it('a file question takes accepted types, a size limit and help; questions move up and down', async () => {
    const user = userEvent.setup();
    const start: SopDefinition = { ...fixture, nodes: fixture.nodes.map((n) => (n.id === 'work' ? { ...n, form: [{ id: 'hours', label: 'Hours', type: 'number', min: 0 }] } : n)) };
    const { panel, work } = renderEditor(start);
    await user.click(within(panel).getByRole('button', { name: '+ Add question' }));
    const second = within(panel).getAllByRole('group', { name: 'Question' })[0]!.querySelectorAll('.row-card')[1] as HTMLElement;
    await user.type(within(second).getByLabelText('Label'), 'Proof');
    await user.selectOptions(within(second).getByRole('combobox', { name: 'Type' }), 'file');
    await user.click(within(second).getByRole('button', { name: 'pdf' }));
    await user.type(within(second).getByLabelText('Max bytes'), '1000');
    await user.type(within(second).getByLabelText('Help text'), 'PDF of the print proof');
    await user.click(within(panel).getByRole('button', { name: 'Move up Question #2' }));
    expect(work().form).toEqual([
      { id: 'question2', label: 'Proof', type: 'file', accept: ['application/pdf'], maxBytes: 1000, help: 'PDF of the print proof' },
      { id: 'hours', label: 'Hours', type: 'number', min: 0 },
    ]);
  });
});
