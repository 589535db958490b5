import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import minimalReview from '../../../../tests/fixtures/sop/valid/minimal-review.json';
import type { SopDefinition, TaskNode } from '../../../../core/sop/types';
import { LocaleProvider } from '../../lib/i18n';
import { SopEditor } from './sop-editor';

const fixture = minimalReview as unknown as SopDefinition;

function renderEditor(initial: SopDefinition = fixture, locale: 'en' | 'zh-CN' = 'en') {
  let latest: SopDefinition = initial;
  render(
    <LocaleProvider locale={locale}>
      <div style={{ width: 1200, height: 800 }}>
        <SopEditor initial={initial} onDefinitionChange={vi.fn((d: SopDefinition) => { latest = d; })} />
      </div>
    </LocaleProvider>,
  );
  fireEvent.click(screen.getByTestId('node-work'));
  return { panel: screen.getByRole('complementary', { name: /Node properties|节点属性/ }), work: () => latest.nodes.find((n) => n.id === 'work') as TaskNode };
}

describe('recurring reports in the SOP designer', () => {
  it('turning reports on asks for a daily report; period, grace and a question edit the node; turning off removes them', async () => {
    const user = userEvent.setup();
    const { panel, work } = renderEditor();
    await user.click(within(panel).getByLabelText('Ask for a report every period while this step is active'));
    expect(work().reports).toEqual({ every: 'P1D' });
    // Typed as a number and a unit; the SOP keeps ISO 8601.
    expect(within(panel).getByLabelText('Report every')).toHaveProperty('value', '1');
    await user.selectOptions(within(panel).getByRole('combobox', { name: 'Unit of Report every' }), 'W');
    await user.selectOptions(within(panel).getByRole('combobox', { name: 'Unit of Grace after each period' }), 'H');
    await user.type(within(panel).getByLabelText('Grace after each period'), '12');
    const section = within(panel).getByText('Recurring reports (daily / weekly / check-in)').closest('details') as HTMLElement;
    await user.click(within(section).getByRole('button', { name: '+ Add question' }));
    const row = within(section).getByRole('group', { name: 'Question' });
    await user.type(within(row).getByLabelText('Label'), 'Progress %');
    await user.selectOptions(within(row).getByRole('combobox', { name: 'Type' }), 'number');
    expect(work().reports).toEqual({ every: 'P1W', graceAfter: 'PT12H', fields: [{ id: 'question1', label: 'Progress %', type: 'number' }] });
    // Report questions offer no file type.
    expect(within(within(row).getByRole('combobox', { name: 'Type' })).queryByRole('option', { name: /file/i })).toBeNull();
    await user.click(within(panel).getByLabelText('Ask for a report every period while this step is active'));
    expect(work().reports).toBeUndefined();
  });

  it('a report period shorter than one second shows the REPORT_PERIOD_TOO_SHORT message in Chinese', async () => {
    const start: SopDefinition = { ...fixture, nodes: fixture.nodes.map((n) => (n.id === 'work' ? { ...n, reports: { every: 'PT0S' } } : n)) };
    const { panel } = renderEditor(start, 'zh-CN');
    expect(within(panel).getByText('节点“work”要求每“PT0S”提交一次报告，周期短于 1 秒。请写成 P1D（每天）、P1W（每周）或 PT4H 这样的周期。')).toBeTruthy();
    expect(within(panel).getByText('定期报告（日报/周报/打卡）')).toBeTruthy();
  });
});
