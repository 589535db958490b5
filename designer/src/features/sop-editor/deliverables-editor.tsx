import { exampleFileName } from '../../../../core/naming/example';
import { parseNamingTemplate } from '../../../../core/naming/template';
import type { DeliverableSpec } from '../../../../core/sop/types';
import { useEditorT } from './editor-messages';
import { Checkbox, ChipPicker, NumberField, RowList, TextField } from './form-controls';
import { setOptional } from './optional-field';

const MIME_OPTIONS = ['image/png', 'image/jpeg', 'image/webp', 'application/pdf', 'application/zip'].map((m) => ({ value: m, label: m.split('/')[1] as string }));

/** The live example name of a template, or the parse error to show under it. */
export function namingPreview(template: string | undefined, deliverableId: string): { example?: string; error?: string } {
  if (!template) return {};
  try {
    return { example: exampleFileName(parseNamingTemplate(template), { deliverable: deliverableId }) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

function NamingField({ spec, update }: { spec: DeliverableSpec; update: (d: DeliverableSpec) => void }) {
  const t = useEditorT();
  const preview = namingPreview(spec.naming, spec.id);
  return (
    <div>
      <TextField
        label={t('naming')}
        value={spec.naming}
        mono
        placeholder="{job.code}_banner_v{version:2}.{ext:png|jpg}"
        error={preview.error}
        onChange={(naming) => update(setOptional(spec, 'naming', naming))}
      />
      {preview.example && (
        <div className="naming-example" aria-live="polite">
          <span className="muted small">{t('example')}</span> <code>{preview.example}</code>
        </div>
      )}
    </div>
  );
}

export function DeliverablesEditor({ items, onChange }: { items: DeliverableSpec[]; onChange: (d: DeliverableSpec[]) => void }) {
  const t = useEditorT();
  return (
    <RowList<DeliverableSpec>
      label={t('deliverables')}
      items={items}
      onChange={onChange}
      create={() => ({ id: `deliverable${items.length + 1}`, label: '' })}
      render={(d, update) => (
        <>
          <div className="grid-2">
            <TextField label={t('deliverableId')} value={d.id} mono onChange={(id) => update({ ...d, id })} />
            <TextField label={t('deliverableLabel')} value={d.label} onChange={(label) => update({ ...d, label })} />
          </div>
          <NamingField spec={d} update={update} />
          <ChipPicker label={t('accept')} options={MIME_OPTIONS} value={d.accept ?? []} onChange={(accept) => update(setOptional(d, 'accept', accept))} />
          <div className="grid-2">
            <NumberField label={t('maxBytes')} value={d.maxBytes} min={1} onChange={(v) => update(setOptional(d, 'maxBytes', v))} />
            <div className="field align-end">
              <Checkbox label={t('reference')} checked={!!d.reference} onChange={(v) => update(setOptional(d, 'reference', v || undefined))} />
            </div>
          </div>
        </>
      )}
    />
  );
}
