import type { DueSpec, EscalationLevelSpec, HumanNode, ReminderSpec } from '../../../../core/sop/types';
import { useEditorT } from './editor-messages';
import { ChipPicker, DurationField, NumberField, RowList, Section, SelectField, TextField } from './form-controls';
import { setOptional } from './optional-field';

interface Props<N extends HumanNode> {
  node: N;
  roles: string[];
  onChange: (node: N) => void;
}

/** A deadline `after` activation: business time says so, calendar time (the default) leaves `calendar` out. */
function dueOf(after: string, business: boolean): DueSpec {
  return business ? { after, calendar: 'business' } : { after };
}

/** Assignee, deadline, reminders and the escalation ladder shared by task, review and accept nodes. */
export function HumanFields<N extends HumanNode>({ node, roles, onChange }: Props<N>) {
  const t = useEditorT();
  const roleOptions = roles.map((r) => ({ value: r, label: r }));
  const withAssignee = [...roleOptions, { value: 'assignee', label: 'assignee' }];
  return (
    <>
      <SelectField label={t('assignee')} value={node.assignee} options={roleOptions} onChange={(v) => onChange({ ...node, assignee: v })} />
      <Section title={t('due')}>
        <div className="grid-2">
          <DurationField
            label={t('dueAfter')}
            value={node.due?.after}
            business={node.due?.calendar === 'business'}
            allowEmpty
            onChange={(after, business) => onChange(setOptional(node, 'due', after ? dueOf(after, business) : undefined))}
          />
        </div>
      </Section>
      <Section title={t('reminders')} open={!!node.reminders?.length}>
        <RowList<ReminderSpec>
          label={t('reminders')}
          items={node.reminders ?? []}
          onChange={(reminders) => onChange(setOptional(node, 'reminders', reminders))}
          create={() => ({ before: 'PT4H', notify: ['assignee'] })}
          render={(r, update) => (
            <>
              <DurationField label={t('before')} value={r.before} onChange={(before) => update({ ...r, before })} />
              <ChipPicker label={t('notifyRoles')} options={withAssignee} value={r.notify} onChange={(notify) => update({ ...r, notify })} />
            </>
          )}
        />
      </Section>
      <Section title={t('escalation')} open={!!node.escalation?.length}>
        <RowList<EscalationLevelSpec>
          label={t('escalation')}
          items={node.escalation ?? []}
          onChange={(escalation) => onChange(setOptional(node, 'escalation', escalation))}
          create={() => ({ overdue: node.escalation?.length ? 'PT24H' : 'PT0S', notify: ['assignee'] })}
          render={(level, update, i) => (
            <>
              <div className="ladder-step" aria-hidden="true">L{i + 1}</div>
              <DurationField label={t('overdue')} value={level.overdue} onChange={(overdue) => update({ ...level, overdue })} />
              <ChipPicker label={t('notifyRoles')} options={withAssignee} value={level.notify} onChange={(notify) => update({ ...level, notify })} />
              <ChipPicker label={t('cc')} options={withAssignee} value={level.cc ?? []} onChange={(cc) => update(setOptional(level, 'cc', cc))} />
              <TextField label={t('message')} value={level.message} onChange={(m) => update(setOptional(level, 'message', m))} />
            </>
          )}
        />
      </Section>
      <div className="grid-2">
        <NumberField label={t('maxRounds')} value={node.maxRounds} min={1} onChange={(v) => onChange(setOptional(node, 'maxRounds', v))} />
      </div>
      <TextField label={t('instructions')} value={node.instructions} multiline onChange={(v) => onChange(setOptional(node, 'instructions', v))} />
    </>
  );
}
