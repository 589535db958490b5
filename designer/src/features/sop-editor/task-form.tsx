import type { ChecklistItem, SopDefinition, TaskNode } from '../../../../core/sop/types';
import type { SopIssue } from '../../../../core/sop/validate';
import { useEditorT } from './editor-messages';
import { Checkbox, ChipPicker, RowList, Section, TextField } from './form-controls';
import { FormQuestionsEditor } from './form-questions-editor';
import { HumanFields } from './human-fields';
import { ReportsEditor } from './reports-editor';
import { setOptional } from './optional-field';

export function TaskForm({ node, def, issues = [], onChange }: { node: TaskNode; def: SopDefinition; issues?: readonly SopIssue[]; onChange: (n: TaskNode) => void }) {
  const t = useEditorT();
  return (
    <>
      <ChipPicker
        label={t('produces')}
        options={def.deliverables.map((d) => ({ value: d.id, label: d.label || d.id }))}
        value={node.produces}
        onChange={(produces) => onChange({ ...node, produces })}
      />
      <Section title={t('checklist')} open={!!node.checklist?.length}>
        <RowList<ChecklistItem>
          label={t('checklist')}
          items={node.checklist ?? []}
          onChange={(checklist) => onChange(setOptional(node, 'checklist', checklist))}
          create={() => ({ id: `item${(node.checklist?.length ?? 0) + 1}`, label: '' })}
          render={(item, update) => (
            <>
              <div className="grid-2">
                <TextField label={t('id')} value={item.id} mono onChange={(id) => update({ ...item, id })} />
                <TextField label={t('label')} value={item.label} onChange={(label) => update({ ...item, label })} />
              </div>
              <Checkbox label={t('required')} checked={item.required !== false} onChange={(r) => update(r ? setOptional(item, 'required', undefined) : { ...item, required: false })} />
            </>
          )}
        />
      </Section>
      <Section title={t('formQuestions')} open={!!node.form?.length}>
        <FormQuestionsEditor items={node.form ?? []} issues={issues} onChange={(form) => onChange(setOptional(node, 'form', form))} />
      </Section>
      <ReportsEditor node={node} issues={issues} onChange={onChange} />
      <HumanFields node={node} roles={def.roles} onChange={onChange} />
    </>
  );
}
