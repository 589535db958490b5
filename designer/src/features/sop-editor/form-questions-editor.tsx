import { pointerSegments } from '../../../../core/sop/issue';
import { FORM_FIELD_TYPES } from '../../../../core/sop/schema';
import type { FormFieldSpec } from '../../../../core/sop/types';
import type { SopIssue } from '../../../../core/sop/validate';
import { pick, useLocale } from '../../lib/i18n';
import { useEditorT } from './editor-messages';
import { ChipPicker, NumberField, RowList, TextField } from './form-controls';
import { DeclaredFieldInputs } from './job-fields-editor';
import { setOptional } from './optional-field';

const FILE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'application/pdf', 'application/zip', 'text/plain'].map((m) => ({ value: m, label: m.split('/')[1] as string }));

/**
 * The issues of question `index` of a task's form (paths `/nodes/<n>/form/<index>/…`,
 * or under another `list` such as `reports/fields`),
 * split by the property they are about; issues about the question as a whole under ''.
 * A missing-options issue points at the question but belongs under its options.
 */
export function questionIssues(issues: readonly SopIssue[], index: number, list: readonly string[] = ['form']): Map<string, SopIssue[]> {
  const out = new Map<string, SopIssue[]>();
  for (const issue of issues) {
    const [head, , ...rest] = pointerSegments(issue.path);
    if (head !== 'nodes' || list.some((segment, k) => rest[k] !== segment) || rest[list.length] !== String(index)) continue;
    const property = rest[list.length + 1];
    const key = property ?? (issue.code.endsWith('OPTIONS_MISSING') ? 'options' : '');
    out.set(key, [...(out.get(key) ?? []), issue]);
  }
  return out;
}

interface Props {
  items: FormFieldSpec[];
  issues: readonly SopIssue[];
  onChange: (form: FormFieldSpec[]) => void;
  /** Where the questions sit in the node (issue paths): `form` by default, `reports/fields` for report questions. */
  list?: readonly string[];
  /** The question types offered (report questions take no files). */
  types?: readonly FormFieldSpec['type'][];
  hint?: string;
}

/** A task's `form` (SOP-FORMAT.md Additions): the questions its assignee answers with each submission; also a node's report questions. */
export function FormQuestionsEditor({ items, issues, onChange, list = ['form'], types = FORM_FIELD_TYPES, hint }: Props) {
  const t = useEditorT();
  const { locale } = useLocale();
  const text = (list: SopIssue[] | undefined) => (list?.length ? list.map((i) => pick(i.messages, locale, i.message)).join(' ') : undefined);
  return (
    <>
      <p className="muted small">{hint ?? t('formHint')}</p>
      <RowList<FormFieldSpec>
        label={t('question')}
        items={items}
        addLabel={t('addQuestion')}
        reorderable
        onChange={onChange}
        create={() => ({ id: `question${items.length + 1}`, label: '', type: 'text' })}
        render={(q, update, index) => {
          const found = questionIssues(issues, index, list);
          const whole = found.get('');
          return (
            <>
              {whole && (
                <ul className="inline-issues">
                  {whole.map((i, k) => (
                    <li key={k}>{pick(i.messages, locale, i.message)}</li>
                  ))}
                </ul>
              )}
              <DeclaredFieldInputs<FormFieldSpec> field={q} types={types} update={update} errorOf={(property) => text(found.get(property))} />
              {q.type === 'file' && (
                <>
                  <ChipPicker label={t('accept')} options={FILE_TYPES} value={q.accept ?? []} onChange={(accept) => update(setOptional(q, 'accept', accept))} />
                  <NumberField label={t('maxBytes')} value={q.maxBytes} min={1} error={text(found.get('maxBytes'))} onChange={(v) => update(setOptional(q, 'maxBytes', v))} />
                </>
              )}
              <TextField label={t('help')} value={q.help} placeholder={t('helpPlaceholder')} error={text(found.get('help'))} onChange={(help) => update(setOptional(q, 'help', help))} />
            </>
          );
        }}
      />
    </>
  );
}
