import { evaluateChecklist } from '../../core/checks/checklist';
import type { ChecklistItem } from '../../core/sop/types';

const ITEMS: ChecklistItem[] = [
  { id: 'fonts', label: 'Fonts outlined' },
  { id: 'bleed', label: '3 mm bleed', required: true },
  { id: 'notes', label: 'Notes for printer', required: false },
];

describe('evaluateChecklist', () => {
  it('passes when every required item is ticked, optional ones not needed', () => {
    expect(evaluateChecklist(ITEMS, ['fonts', 'bleed'])).toEqual({ passed: true, missing: [] });
  });

  it('lists the required items not ticked, in checklist order', () => {
    expect(evaluateChecklist(ITEMS, ['notes'])).toEqual({
      passed: false,
      missing: [{ id: 'fonts', label: 'Fonts outlined' }, { id: 'bleed', label: '3 mm bleed' }],
    });
  });

  it('accepts a map of ticks where only true counts', () => {
    expect(evaluateChecklist(ITEMS, { fonts: true, bleed: false, extra: true }).missing).toEqual([{ id: 'bleed', label: '3 mm bleed' }]);
  });

  it('passes an empty checklist', () => {
    expect(evaluateChecklist([], [])).toEqual({ passed: true, missing: [] });
  });
});
