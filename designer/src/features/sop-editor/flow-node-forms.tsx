import type { AcceptNode, NotifyNode, SopDefinition, WaitNode } from '../../../../core/sop/types';
import { HumanFields } from './human-fields';
import { ReportsEditor } from './reports-editor';
import type { SopIssue } from '../../../../core/sop/validate';
import { ReasonsSection } from './review-form';
import { useEditorT } from './editor-messages';
import { ChipPicker, DurationField, SelectField, TextField } from './form-controls';

export function WaitForm({ node, onChange }: { node: WaitNode; onChange: (n: WaitNode) => void }) {
  const t = useEditorT();
  const mode = node.until !== undefined ? 'until' : 'duration';
  const { duration: _d, until: _u, ...rest } = node;
  return (
    <>
      <SelectField
        label={t('waitMode')}
        value={mode}
        options={[
          { value: 'duration', label: t('duration') },
          { value: 'until', label: t('until') },
        ]}
        onChange={(m) => onChange(m === 'until' ? { ...rest, until: '2026-12-01T09:00:00+08:00' } : { ...rest, duration: 'P1D' })}
      />
      {mode === 'duration' ? (
        <DurationField label={t('duration')} value={node.duration} onChange={(duration) => onChange({ ...rest, duration })} />
      ) : (
        <TextField label={t('until')} value={node.until} mono placeholder="2026-12-01T09:00:00+08:00" onChange={(until) => onChange({ ...rest, until })} />
      )}
    </>
  );
}

export function NotifyForm({ node, def, onChange }: { node: NotifyNode; def: SopDefinition; onChange: (n: NotifyNode) => void }) {
  const t = useEditorT();
  return (
    <>
      <ChipPicker label={t('notifyRoles')} options={def.roles.map((r) => ({ value: r, label: r }))} value={node.notify} onChange={(notify) => onChange({ ...node, notify })} />
      <TextField label={t('message_')} value={node.message} multiline onChange={(message) => onChange({ ...node, message })} />
    </>
  );
}

/** An accept step (接单): who answers, by when (with reminders and escalation), and the reasons a decline may give. */
export function AcceptForm({ node, def, issues = [], onChange }: { node: AcceptNode; def: SopDefinition; issues?: readonly SopIssue[]; onChange: (n: AcceptNode) => void }) {
  const t = useEditorT();
  return (
    <>
      <ReasonsSection node={node} title={t('declineReasons')} onChange={onChange} />
      <ReportsEditor node={node} issues={issues} onChange={onChange} />
      <HumanFields node={node} roles={def.roles} onChange={onChange} />
    </>
  );
}
