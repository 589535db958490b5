import type { AcceptNode, ReasonCode, ReviewNode, SopDefinition } from '../../../../core/sop/types';
import { useEditorT } from './editor-messages';
import { RowList, Section, TextField } from './form-controls';
import { HumanFields } from './human-fields';
import { setOptional } from './optional-field';

/** The reason codes of a review (rejection reasons) or an accept step (reasons to decline): code and label per row. */
export function ReasonsSection<N extends ReviewNode | AcceptNode>({ node, title, onChange }: { node: N; title: string; onChange: (n: N) => void }) {
  const t = useEditorT();
  return (
    <Section title={title}>
      <RowList<ReasonCode>
        label={title}
        items={node.reasons ?? []}
        onChange={(reasons) => onChange(setOptional(node, 'reasons', reasons))}
        create={() => ({ code: `reason_${(node.reasons?.length ?? 0) + 1}`, label: '' })}
        render={(r, update) => (
          <div className="grid-2">
            <TextField label={t('code')} value={r.code} mono onChange={(code) => update({ ...r, code })} />
            <TextField label={t('label')} value={r.label} onChange={(label) => update({ ...r, label })} />
          </div>
        )}
      />
    </Section>
  );
}

export function ReviewForm({ node, def, onChange }: { node: ReviewNode; def: SopDefinition; onChange: (n: ReviewNode) => void }) {
  const t = useEditorT();
  return (
    <>
      <ReasonsSection node={node} title={t('reasons')} onChange={onChange} />
      <HumanFields node={node} roles={def.roles} onChange={onChange} />
    </>
  );
}
