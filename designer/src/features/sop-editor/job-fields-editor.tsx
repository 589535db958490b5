import { JOB_FIELD_TYPES, JOB_FIELD_VIEWER_ROLES } from '../../../../core/sop/schema';
import type { FormFieldSpec, FormFieldType, JobFieldSpec } from '../../../../core/sop/types';
import { useEditorT } from './editor-messages';
import { Checkbox, ChipPicker, NumberField, RowList, SelectField, TagListField, TextField } from './form-controls';
import { setOptional } from './optional-field';

const CHOICE: readonly FormFieldType[] = ['select', 'multiSelect'];
const NUMERIC: readonly FormFieldType[] = ['number', 'money'];

/** A declared field (a job field or a form question): the parts both share. */
type Declared = Pick<FormFieldSpec, 'id' | 'label' | 'required' | 'options' | 'min' | 'max' | 'accept' | 'maxBytes'> & { type: FormFieldType };

/** A field switched to `type`: options, bounds and file limits kept only where that type takes them. */
export function withFieldType<T extends Declared>(spec: T, type: T['type']): T {
  let next: T = { ...spec, type };
  if (!CHOICE.includes(type)) next = setOptional(next, 'options', undefined);
  if (!NUMERIC.includes(type)) next = setOptional(setOptional(next, 'min', undefined), 'max', undefined);
  if (type !== 'file') next = setOptional(setOptional(next, 'accept', undefined), 'maxBytes', undefined);
  return next;
}

/**
 * The inputs every declared field has: id, label, type, required, and the
 * options of choice types and bounds of numeric ones. `errorOf` names the
 * problem of one property (`id`, `options`, `min`…) to show under it.
 */
export function DeclaredFieldInputs<T extends Declared>({ field, types, update, errorOf }: {
  field: T; types: readonly T['type'][]; update: (next: T) => void; errorOf?: (property: string) => string | undefined;
}) {
  const t = useEditorT();
  const error = errorOf ?? (() => undefined);
  return (
    <>
      <div className="grid-2">
        <TextField label={t('id')} value={field.id} mono error={error('id')} onChange={(id) => update({ ...field, id })} />
        <TextField label={t('label')} value={field.label} error={error('label')} onChange={(label) => update({ ...field, label })} />
      </div>
      <div className="grid-2">
        <SelectField<T['type']>
          label={t('fieldType')}
          value={field.type}
          options={types.map((type) => ({ value: type, label: t(`fieldType.${type}`) }))}
          onChange={(type) => update(withFieldType(field, type))}
        />
        <div className="field align-end">
          <Checkbox label={t('required')} checked={!!field.required} onChange={(v) => update(setOptional(field, 'required', v || undefined))} />
        </div>
      </div>
      {CHOICE.includes(field.type) && (
        <TagListField label={t('options')} value={field.options ?? []} placeholder={t('optionPlaceholder')} error={error('options')} onChange={(options) => update(setOptional(field, 'options', options))} />
      )}
      {NUMERIC.includes(field.type) && (
        <div className="grid-2">
          <NumberField label={t('min')} value={field.min} error={error('min')} onChange={(v) => update(setOptional(field, 'min', v))} />
          <NumberField label={t('max')} value={field.max} error={error('max')} onChange={(v) => update(setOptional(field, 'max', v))} />
        </div>
      )}
    </>
  );
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
            <DeclaredFieldInputs<JobFieldSpec> field={f} types={JOB_FIELD_TYPES} update={update} />
            <ChipPicker label={t('visibleTo')} options={roles} value={f.visibleTo ?? []} onChange={(visibleTo) => update({ ...f, visibleTo })} />
          </>
        )}
      />
    </>
  );
}
