import { JOB_FIELD_TYPES, JOB_FIELD_VIEWER_ROLES } from '../../../../core/sop/schema';
import type { JobFieldSpec, JobFieldType } from '../../../../core/sop/types';
import { useEditorT } from './editor-messages';
import { Checkbox, ChipPicker, NumberField, RowList, SelectField, TagListField, TextField } from './form-controls';
import { setOptional } from './optional-field';

const CHOICE: readonly JobFieldType[] = ['select', 'multiSelect'];
const NUMERIC: readonly JobFieldType[] = ['number', 'money'];

/** A field switched to `type`: options and bounds kept only where that type takes them. */
export function withFieldType(spec: JobFieldSpec, type: JobFieldType): JobFieldSpec {
  let next: JobFieldSpec = { ...spec, type };
  if (!CHOICE.includes(type)) next = setOptional(next, 'options', undefined);
  if (!NUMERIC.includes(type)) next = setOptional(setOptional(next, 'min', undefined), 'max', undefined);
  return next;
}

/** The SOP's declared job fields (SOP-FORMAT.md Additions): id, label, type, required, visibleTo, options, bounds. */
export function JobFieldsEditor({ items, onChange }: { items: JobFieldSpec[]; onChange: (fields: JobFieldSpec[]) => void }) {
  const t = useEditorT();
  const roles = JOB_FIELD_VIEWER_ROLES.map((r) => ({ value: r, label: t(`viewer.${r}`) }));
  return (
    <>
      <p className="muted small">{t('jobFieldsHint')}</p>
      <RowList<JobFieldSpec>
        label={t('jobFields')}
        items={items}
        addLabel={t('addJobField')}
        onChange={(next) => onChange(next)}
        create={() => ({ id: `field${items.length + 1}`, label: '', type: 'text', visibleTo: [] })}
        render={(f, update) => (
          <>
            <div className="grid-2">
              <TextField label={t('id')} value={f.id} mono onChange={(id) => update({ ...f, id })} />
              <TextField label={t('label')} value={f.label} onChange={(label) => update({ ...f, label })} />
            </div>
            <div className="grid-2">
              <SelectField<JobFieldType>
                label={t('fieldType')}
                value={f.type}
                options={JOB_FIELD_TYPES.map((type) => ({ value: type, label: t(`fieldType.${type}`) }))}
                onChange={(type) => update(withFieldType(f, type))}
              />
              <div className="field align-end">
                <Checkbox label={t('required')} checked={!!f.required} onChange={(v) => update(setOptional(f, 'required', v || undefined))} />
              </div>
            </div>
            {CHOICE.includes(f.type) && (
              <TagListField label={t('options')} value={f.options ?? []} placeholder={t('optionPlaceholder')} onChange={(options) => update(setOptional(f, 'options', options))} />
            )}
            {NUMERIC.includes(f.type) && (
              <div className="grid-2">
                <NumberField label={t('min')} value={f.min} onChange={(v) => update(setOptional(f, 'min', v))} />
                <NumberField label={t('max')} value={f.max} onChange={(v) => update(setOptional(f, 'max', v))} />
              </div>
            )}
            <ChipPicker label={t('visibleTo')} options={roles} value={f.visibleTo ?? []} onChange={(visibleTo) => update({ ...f, visibleTo })} />
          </>
        )}
      />
    </>
  );
}
