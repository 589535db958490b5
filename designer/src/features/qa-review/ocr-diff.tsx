import type { CheckResult } from '../../lib/api-types';
import { useQaT } from './qa-messages';

interface Comparison {
  ops?: Array<{ op: 'equal' | 'insert' | 'delete'; text: string }>;
  similarity?: number;
  referenceText?: string;
}

/** The OCR text of the draft against the reference's: deletions struck in red, insertions in green. */
export function OcrDiff({ check }: { check: Pick<CheckResult, 'figures'> | null | undefined }) {
  const t = useQaT();
  const f = check?.figures;
  if (!f) return <p className="muted small">{t('noOcr')}</p>;
  const cmp = f.comparison as Comparison | undefined;
  if (!cmp?.ops) return <p className="ocr-text">{typeof f.text === 'string' ? f.text : t('noOcr')}</p>;
  if (cmp.ops.length === 0) return <p className="muted small">{t('noText')}</p>;
  return (
    <div className="ocr-diff">
      <p className="ocr-text">
        {cmp.ops.map((op, i) =>
          op.op === 'equal' ? (
            <span key={i}>{op.text}</span>
          ) : op.op === 'insert' ? (
            <ins key={i}>{op.text}</ins>
          ) : (
            <del key={i}>{op.text}</del>
          ),
        )}
      </p>
      {typeof cmp.similarity === 'number' && <span className="muted small">{t('similarity', { n: Math.round(cmp.similarity * 100) })}</span>}
    </div>
  );
}
