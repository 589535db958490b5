import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import minimalReview from '../../../../tests/fixtures/sop/valid/minimal-review.json';
import type { SopDefinition, TaskNode } from '../../../../core/sop/types';
import { LocaleProvider, type Locale } from '../../lib/i18n';
import { SopEditor } from './sop-editor';

const fixture = minimalReview as unknown as SopDefinition;
const withDue = (due: TaskNode['due']): SopDefinition => ({ ...fixture, nodes: fixture.nodes.map((n) => (n.id === 'work' ? { ...n, due } : n)) as SopDefinition['nodes'] });

function openWork(initial: SopDefinition = fixture, locale: Locale = 'en') {
  let latest = initial;
  render(
    <LocaleProvider locale={locale}>
      <div style={{ width: 1200, height: 800 }}>
        <SopEditor initial={initial} onDefinitionChange={vi.fn((d: SopDefinition) => (latest = d))} />
      </div>
    </LocaleProvider>,
  );
  fireEvent.click(screen.getByTestId('node-work'));
  const panel = screen.getByRole('complementary', { name: locale === 'en' ? 'Node properties' : '节点属性' });
  return { panel, due: () => (latest.nodes.find((n) => n.id === 'work') as TaskNode).due };
}

const selectedText = (select: HTMLElement) => (select as HTMLSelectElement).selectedOptions[0]?.textContent;

describe('a step’s deadline in business days or hours, with one picker', () => {
  it('writes 3 business days as P3D counted in business time, and a plain unit back in calendar time', async () => {
    const user = userEvent.setup();
    const { panel, due } = openWork();
    await user.type(within(panel).getByLabelText('After activation'), '3');
    const unit = within(panel).getByRole('combobox', { name: 'Unit of After activation' });
    await user.selectOptions(unit, 'BD');
    expect(due()).toEqual({ after: 'P3D', calendar: 'business' });
    expect(selectedText(unit)).toBe('business days');
    await user.selectOptions(unit, 'BH');
    expect(due()).toEqual({ after: 'PT3H', calendar: 'business' });
    await user.selectOptions(unit, 'D');
    expect(due()).toEqual({ after: 'P3D' });
  });

  it('opens a definition with P3D in business time as 3 business days', () => {
    const { panel } = openWork(withDue({ after: 'P3D', calendar: 'business' }));
    expect(within(panel).getByLabelText('After activation')).toHaveProperty('value', '3');
    const unit = within(panel).getByRole('combobox', { name: 'Unit of After activation' });
    expect(unit).toHaveProperty('value', 'BD');
    expect(selectedText(unit)).toBe('business days');
  });

  it('reads 3 business days in Chinese too', () => {
    const { panel } = openWork(withDue({ after: 'P3D', calendar: 'business' }), 'zh-CN');
    expect(within(panel).getByLabelText('激活后')).toHaveProperty('value', '3');
    expect(selectedText(within(panel).getByRole('combobox', { name: '激活后的单位' }))).toBe('工作日');
  });

  it('round-trips a business deadline of several units as custom business time', async () => {
    const user = userEvent.setup();
    const { panel, due } = openWork(withDue({ after: 'P1DT4H', calendar: 'business' }));
    const unit = within(panel).getByRole('combobox', { name: 'Unit of After activation' });
    expect(unit).toHaveProperty('value', 'customBusiness');
    await user.selectOptions(unit, 'custom');
    expect(due()).toEqual({ after: 'P1DT4H' });
    await user.selectOptions(unit, 'customBusiness');
    expect(due()).toEqual({ after: 'P1DT4H', calendar: 'business' });
  });

  it('keeps reminders and escalations in calendar time: no business units there', async () => {
    const user = userEvent.setup();
    const { panel } = openWork(withDue({ after: 'P3D', calendar: 'business' }));
    await user.click(within(within(panel).getByRole('group', { name: 'Reminders' })).getByRole('button', { name: '+ Add' }));
    const reminderUnit = within(panel).getByRole('combobox', { name: 'Unit of Before' });
    expect([...(reminderUnit as HTMLSelectElement).options].map((o) => o.value)).toEqual(['M', 'H', 'D', 'W', 'S', 'custom']);
  });
});
