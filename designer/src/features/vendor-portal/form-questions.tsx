import type { FormFieldSpec } from '../../../../core/sop/types';
import type { AnswerDraft } from './form-draft';
import { FormQuestionInput } from './form-question-input';
import { useVendorT } from './vendor-messages';

interface Props {
  questions: readonly FormFieldSpec[];
  drafts: Record<string, AnswerDraft>;
  files: Record<string, File | undefined>;
  /** The problem of each question, in the current language. */
  errors: Record<string, string | undefined>;
  disabled?: boolean;
  onAnswer: (id: string, value: AnswerDraft) => void;
  onFile: (id: string, file: File | undefined) => void;
}

/** The task's form: the questions the vendor answers with the submission. */
export function FormQuestions({ questions, drafts, files, errors, disabled, onAnswer, onFile }: Props) {
  const t = useVendorT();
  return (
    <fieldset className="form-questions stack">
      <legend>{t('formQuestions')}</legend>
      {questions.map((q) => (
        <FormQuestionInput
          key={q.id}
          spec={q}
          value={Object.prototype.hasOwnProperty.call(drafts, q.id) ? drafts[q.id] : undefined}
          file={files[q.id]}
          error={errors[q.id]}
          disabled={disabled}
          onChange={(v) => onAnswer(q.id, v)}
          onFile={(f) => onFile(q.id, f)}
        />
      ))}
    </fieldset>
  );
}
