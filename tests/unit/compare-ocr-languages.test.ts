/** Which languages the version compare reads a file's text in: the SOP's OCR check of the deliverable, else the checks' default. */
import { compareOcrLanguagesOf } from '../../api/files/compare-ocr';
import type { SopDefinition } from '../../core/sop/types';
import { minimalReviewSop, sop } from '../support/sop-builder';

const withOcr = (languages?: Array<'eng' | 'chi_sim' | 'chi_tra'>): SopDefinition => sop(
  [
    { id: 'start', type: 'start' },
    { id: 'draft', type: 'task', assignee: 'vendor', produces: ['banner'] },
    { id: 'auto', type: 'check', checks: [{ kind: 'visual', deliverable: 'banner' }, { kind: 'ocr', deliverable: 'banner', ...(languages ? { languages } : {}) }] },
    { id: 'end', type: 'end' },
  ],
  [{ from: 'start', to: 'draft' }, { from: 'draft', to: 'auto' }, { from: 'auto', to: 'end', on: 'passed' }, { from: 'auto', to: 'draft', on: 'failed' }],
);

test('the languages of the OCR check of that deliverable', () => {
  expect(compareOcrLanguagesOf(withOcr(['chi_tra', 'eng']), 'banner')).toEqual(['chi_tra', 'eng']);
});

test('chi_sim+eng when the OCR check names none, when only another deliverable has one, or when the SOP has no OCR check', () => {
  expect(compareOcrLanguagesOf(withOcr(), 'banner')).toEqual(['chi_sim', 'eng']);
  expect(compareOcrLanguagesOf(withOcr(['eng']), 'poster')).toEqual(['chi_sim', 'eng']);
  expect(compareOcrLanguagesOf(minimalReviewSop(), 'banner')).toEqual(['chi_sim', 'eng']);
  expect(compareOcrLanguagesOf(null, 'banner')).toEqual(['chi_sim', 'eng']);
});
