import type { CheckNode, CheckSpec, OcrCheckSpec, Rect, SopDefinition, VisualCheckSpec } from '../../../../core/sop/types';
import { useEditorT } from './editor-messages';
import { Checkbox, ChipPicker, NumberField, RowList, SelectField, TagListField } from './form-controls';
import { MaskEditor } from './mask-editor';
import { setOptional } from './optional-field';

type Kind = CheckSpec['kind'];

function withKind(spec: CheckSpec, kind: Kind, fallbackDeliverable: string): CheckSpec {
  if (kind === spec.kind) return spec;
  const deliverable = 'deliverable' in spec ? spec.deliverable : fallbackDeliverable;
  switch (kind) {
    case 'checklist':
      return { kind };
    case 'naming':
      return { kind, deliverable };
    case 'visual':
      return { kind, deliverable, threshold: 0.1, maxDiffRatio: 0.005 };
    case 'ocr':
      return { kind, deliverable, languages: ['chi_sim', 'eng'] };
  }
}

export function CheckForm({ node, def, onChange }: { node: CheckNode; def: SopDefinition; onChange: (n: CheckNode) => void }) {
  const t = useEditorT();
  const deliverables = def.deliverables.map((d) => ({ value: d.id, label: d.label ? `${d.label} (${d.id})` : d.id }));
  const first = def.deliverables[0]?.id ?? '';
  const kinds: Array<{ value: Kind; label: string }> = (['naming', 'visual', 'ocr', 'checklist'] as const).map((k) => ({ value: k, label: t(`check.${k}`) }));
  return (
    <RowList<CheckSpec>
      label={t('checks')}
      items={node.checks}
      onChange={(checks) => onChange({ ...node, checks })}
      create={() => (first ? { kind: 'naming', deliverable: first } : { kind: 'checklist' })}
      render={(spec, update) => (
        <>
          <div className="grid-2">
            <SelectField label={t('kind')} value={spec.kind} options={kinds} onChange={(k) => update(withKind(spec, k, first))} />
            {spec.kind !== 'checklist' && (
              <SelectField label={t('deliverable')} value={spec.deliverable} options={deliverables} onChange={(deliverable) => update({ ...spec, deliverable })} />
            )}
          </div>
          {spec.kind === 'visual' && <VisualFields spec={spec} update={update} />}
          {spec.kind === 'ocr' && <OcrFields spec={spec} update={update} />}
        </>
      )}
    />
  );
}

function VisualFields({ spec, update }: { spec: VisualCheckSpec; update: (s: CheckSpec) => void }) {
  const t = useEditorT();
  return (
    <>
      <div className="grid-2">
        <NumberField label={t('threshold')} value={spec.threshold} step={0.01} min={0} max={1} onChange={(v) => update(setOptional(spec, 'threshold', v))} />
        <NumberField label={t('maxDiffRatio')} value={spec.maxDiffRatio} step={0.001} min={0} max={1} onChange={(v) => update(setOptional(spec, 'maxDiffRatio', v))} />
      </div>
      <SelectField
        label={t('resize')}
        value={spec.resize ?? 'none'}
        options={[
          { value: 'none', label: t('resizeNone') },
          { value: 'fit', label: t('resizeFit') },
        ]}
        onChange={(resize) => update(resize === 'none' ? setOptional(spec, 'resize', undefined) : { ...spec, resize })}
      />
      <MaskEditor masks={spec.ignore ?? []} onChange={(ignore) => update(setOptional(spec, 'ignore', ignore.length ? ignore : undefined))} />
      <RowList<Rect>
        label={t('ignore')}
        items={spec.ignore ?? []}
        onChange={(ignore) => update(setOptional(spec, 'ignore', ignore))}
        create={() => ({ x: 0, y: 0, width: 100, height: 50 })}
        render={(r, set) => (
          <div className="grid-4">
            {(['x', 'y', 'width', 'height'] as const).map((k) => (
              <NumberField key={k} label={k} value={r[k]} min={0} onChange={(v) => set({ ...r, [k]: v ?? 0 })} />
            ))}
          </div>
        )}
      />
    </>
  );
}

function OcrFields({ spec, update }: { spec: OcrCheckSpec; update: (s: CheckSpec) => void }) {
  const t = useEditorT();
  return (
    <>
      <ChipPicker
        label={t('languages')}
        options={[
          { value: 'chi_sim', label: '简体中文' },
          { value: 'chi_tra', label: '繁體中文' },
          { value: 'eng', label: 'English' },
        ]}
        value={spec.languages ?? []}
        onChange={(v) => update(setOptional(spec, 'languages', v as OcrCheckSpec['languages']))}
      />
      <TagListField label={t('mustContain')} value={spec.mustContain ?? []} onChange={(v) => update(setOptional(spec, 'mustContain', v))} />
      <TagListField label={t('mustNotContain')} value={spec.mustNotContain ?? []} onChange={(v) => update(setOptional(spec, 'mustNotContain', v))} />
      <Checkbox
        label={t('compareWithReference')}
        checked={!!spec.compareWithReference}
        onChange={(v) => update(setOptional(spec, 'compareWithReference', v || undefined))}
      />
    </>
  );
}
