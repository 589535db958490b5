import { NodeIcon } from './node-icon';
import type { SopDefinition } from '../../../../core/sop/types';
import { CalendarChoice } from './calendar-choice';
import { DeliverablesEditor } from './deliverables-editor';
import { JobFieldsEditor } from './job-fields-editor';
import { useEditorT } from './editor-messages';
import { Section, TagListField, TextField } from './form-controls';
import { setOptional } from './optional-field';

const ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Tokyo', 'Asia/Singapore', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'UTC'];

export function SopSettingsForm({ def, onChange, locked }: { def: SopDefinition; onChange: (def: SopDefinition) => void; locked?: boolean }) {
  const t = useEditorT();
  return (
    <div className="props">
      <div className="props-head">
        <span className="type-icon kind-sop"><NodeIcon type="sop" /></span>
        <div>
          <h2>{t('sopSettings')}</h2>
          <span className="muted small">{def.key}</span>
        </div>
      </div>
      <div className="grid-2">
        <TextField label={t('key')} value={def.key} mono onChange={(key) => !locked && onChange({ ...def, key })} />
        <div className="field">
          <label htmlFor="sop-timezone">{t('timezone')}</label>
          <input id="sop-timezone" list="sop-zones" value={def.timezone} onChange={(e) => onChange({ ...def, timezone: e.target.value })} />
          <datalist id="sop-zones">
            {ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </div>
      </div>
      <TextField label={t('name')} value={def.name} onChange={(name) => onChange({ ...def, name })} />
      <TextField label={t('description')} value={def.description} multiline onChange={(d) => onChange(setOptional(def, 'description', d))} />
      <TagListField label={t('roles')} value={def.roles} placeholder={t('rolePlaceholder')} onChange={(roles) => onChange({ ...def, roles })} />
      <Section title={t('deliverables')}>
        <DeliverablesEditor items={def.deliverables} onChange={(deliverables) => onChange({ ...def, deliverables })} />
      </Section>
      <Section title={t('jobFields')} open={(def.fields ?? []).length > 0}>
        <JobFieldsEditor items={def.fields ?? []} onChange={(fields) => onChange({ ...def, fields })} />
      </Section>
      <Section title={t('calendar')} open={!!def.calendar}>
        <CalendarChoice value={def.calendar} onChange={(c) => onChange(setOptional(def, 'calendar', c))} />
      </Section>
    </div>
  );
}
