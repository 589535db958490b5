import { JOB_FIELD_TYPES } from '../../../../core/sop/schema';
import type { AcceptNode, FormFieldSpec, ReportsSpec, TaskNode } from '../../../../core/sop/types';
import type { SopIssue } from '../../../../core/sop/validate';
import { useEditorT } from './editor-messages';
import { Checkbox, DurationField, Section } from './form-controls';
import { FormQuestionsEditor } from './form-questions-editor';
import { setOptional } from './optional-field';

/** Report questions take every form type but `file` (reports are filed as JSON). */
const REPORT_FIELD_TYPES: readonly FormFieldSpec['type'][] = JOB_FIELD_TYPES;

/**
 * A task's or accept step's recurring reports (日报/周报/打卡): how often, the
 * grace after each period, and the questions (none: a check-in).
 */
export function ReportsEditor<N extends TaskNode | AcceptNode>({ node, issues, onChange }: { node: N; issues: readonly SopIssue[]; onChange: (n: N) => void }) {
  const t = useEditorT();
  const reports = node.reports;
  const set = (next: ReportsSpec | undefined) => onChange(setOptional(node, 'reports', next) as N);
  return (
    <Section title={t('reports')} open={!!reports}>
      <p className="muted small">{t('reportsHint')}</p>
      <Checkbox label={t('reportsOn')} checked={!!reports} onChange={(on) => set(on ? { every: 'P1D' } : undefined)} />
      {reports && (
        <>
          <div className="grid-2">
            <DurationField label={t('reportsEvery')} value={reports.every} onChange={(every) => set({ ...reports, every })} />
            <DurationField label={t('reportsGrace')} value={reports.graceAfter} allowEmpty onChange={(grace) => set(setOptional(reports, 'graceAfter', grace || undefined))} />
          </div>
          <FormQuestionsEditor
            items={reports.fields ?? []}
            issues={issues}
            list={['reports', 'fields']}
            types={REPORT_FIELD_TYPES}
            hint={t('reportFieldsHint')}
            onChange={(fields) => set(setOptional(reports, 'fields', fields))}
          />
        </>
      )}
    </Section>
  );
}
