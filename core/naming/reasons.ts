/**
 * Why a file name does not follow its naming template: stable codes and
 * sentences in English and Simplified Chinese that a vendor can act on.
 * Pure: no I/O.
 */
import type { NamingPart } from './template';

/**
 * Stable reason codes.
 * - `missing`: a part (or a piece of a literal) is absent.
 * - `unexpected-text`: extra text where a literal was expected.
 * - `literal-mismatch`: different text where a literal was expected.
 * - `case-mismatch`: right text, wrong letter case (literal or job value).
 * - `value-mismatch`: `{job.code}` / `{job.vendor}` / `{deliverable}` differs from the job's value.
 * - `version-digits`: the version is a number but not zero-padded to N digits.
 * - `version-not-number`: the version part is not made of digits.
 * - `version-mismatch`: well-formed version, but not the version expected.
 * - `date-format`: the date is not written in the pattern.
 * - `date-invalid`: written in the pattern, but not a real date (month 13).
 * - `date-mismatch`: a real date, but not the date expected.
 * - `ext-not-allowed`: the extension is not in the list.
 * - `empty-name`: nothing left of the name after removing folders.
 * - `name-too-long`: more than 255 characters.
 */
export type NamingReasonCode =
  | 'missing'
  | 'unexpected-text'
  | 'literal-mismatch'
  | 'case-mismatch'
  | 'value-mismatch'
  | 'version-digits'
  | 'version-not-number'
  | 'version-mismatch'
  | 'date-format'
  | 'date-invalid'
  | 'date-mismatch'
  | 'ext-not-allowed'
  | 'empty-name'
  | 'name-too-long';

/** One problem with a file name. */
export interface NamingReason {
  code: NamingReasonCode;
  /** `literal`, a placeholder name (`job.code`, `version`, `ext`…), or `name` for the whole name. */
  part: string;
  /** Index into `template.parts`; -1 for the whole name. */
  partIndex: number;
  /** What belongs there: the literal, the job's value, an example, or the allowed list (`png|jpg`). */
  expected: string;
  /** What the name has there (`''` when absent). */
  found: string;
  /** The English sentence (same as `messages.en`). */
  message: string;
  messages: { en: string; 'zh-CN': string };
}

/** A reason before it is put into words (produced while fitting a part). */
export interface ReasonDraft {
  code: NamingReasonCode;
  expected: string;
  found: string;
  /** For literal `missing` / `unexpected-text`: the piece missing or extra. */
  piece?: string;
  /** For literal `missing` / `unexpected-text`: the literal's text before the piece. */
  before?: string;
}

const LABELS: Record<Exclude<NamingPart['kind'], 'literal'>, { en: string; zh: string }> = {
  'job.code': { en: 'the job code', zh: '任务编号' },
  'job.vendor': { en: 'the vendor name', zh: '供应商名称' },
  deliverable: { en: 'the deliverable name', zh: '交付物名称' },
  version: { en: 'the version', zh: '版本号' },
  date: { en: 'the date', zh: '日期' },
  ext: { en: 'the extension', zh: '扩展名' },
  any: { en: 'the free text', zh: '自由文本' },
};

function label(part: NamingPart): { en: string; zh: string } {
  return part.kind === 'literal' ? { en: `'${part.text}'`, zh: `“${part.text}”` } : LABELS[part.kind];
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Puts a draft into words.
 * @param prev - the part before `part` (for "after the job code"), undefined at the start.
 */
export function describeReason(draft: ReasonDraft, part: NamingPart, partIndex: number, prev?: NamingPart): NamingReason {
  const { code, expected: exp, found, piece, before } = draft;
  // Inside a literal, name the text just before the piece when there is enough of it.
  const anchor = before !== undefined && Array.from(before).length >= 2 ? before : undefined;
  const locEn = anchor ? `after '${anchor}'` : prev ? `after ${label(prev).en}` : 'at the start';
  const locZh = anchor ? `在“${anchor}”之后` : prev ? `在${label(prev).zh}之后` : '开头';
  const l = label(part);
  let en: string;
  let zh: string;
  switch (code) {
    case 'missing':
      if (part.kind === 'ext') {
        en = `missing ${l.en} ${locEn} (one of ${part.extensions.join(', ')})`;
        zh = `${locZh}缺少${l.zh}（${part.extensions.join('、')} 之一）`;
      } else if (part.kind !== 'literal') {
        en = `missing ${l.en} ${locEn} (e.g. '${exp}')`;
        zh = `${locZh}缺少${l.zh}（例如“${exp}”）`;
      } else if (found === '') {
        en = `missing '${exp}' ${locEn}`;
        zh = `${locZh}缺少“${exp}”`;
      } else {
        en = `missing '${piece}' ${locEn}: expected '${exp}', found '${found}'`;
        zh = `${locZh}缺少“${piece}”：应为“${exp}”，实际为“${found}”`;
      }
      break;
    case 'unexpected-text':
      en = `unexpected '${piece}' ${locEn}: expected '${exp}', found '${found}'`;
      zh = `${locZh}多出“${piece}”：应为“${exp}”，实际为“${found}”`;
      break;
    case 'literal-mismatch':
      en = `expected '${exp}' ${locEn} (found '${found}')`;
      zh = `${locZh}应为“${exp}”（实际为“${found}”）`;
      break;
    case 'case-mismatch':
      if (part.kind === 'literal') {
        en = `'${found}' ${locEn} must be written '${exp}' (letter case matters)`;
        zh = `${locZh}的“${found}”应写作“${exp}”（区分大小写）`;
      } else {
        en = `${cap(l.en)} must be '${exp}' (found '${found}'; letter case matters)`;
        zh = `${l.zh}应为“${exp}”（实际为“${found}”，区分大小写）`;
      }
      break;
    case 'value-mismatch':
      en = `${cap(l.en)} must be '${exp}' (found '${found}')`;
      zh = `${l.zh}应为“${exp}”（实际为“${found}”）`;
      break;
    case 'version-digits':
    case 'version-not-number': {
      const n = part.kind === 'version' ? part.digits : exp.length;
      en = `the version part must be ${n} digit${n === 1 ? '' : 's'} (found '${found}', expected e.g. '${exp}')`;
      zh = `版本号必须是${n}位数字（实际为“${found}”，例如“${exp}”）`;
      break;
    }
    case 'version-mismatch':
      en = `the version must be '${exp}' (found '${found}')`;
      zh = `版本号应为“${exp}”（实际为“${found}”）`;
      break;
    case 'date-format': {
      const pattern = part.kind === 'date' ? part.pattern : '';
      en = `the date must be written ${pattern}, e.g. '${exp}' (found '${found}')`;
      zh = `日期应写成 ${pattern}，例如“${exp}”（实际为“${found}”）`;
      break;
    }
    case 'date-invalid': {
      const pattern = part.kind === 'date' ? part.pattern : '';
      en = `'${found}' is not a real date (written ${pattern}, e.g. '${exp}')`;
      zh = `“${found}”不是有效日期（格式 ${pattern}，例如“${exp}”）`;
      break;
    }
    case 'date-mismatch':
      en = `the date must be '${exp}' (found '${found}')`;
      zh = `日期应为“${exp}”（实际为“${found}”）`;
      break;
    case 'ext-not-allowed': {
      const list = part.kind === 'ext' ? part.extensions : exp.split('|');
      en = `extension must be one of ${list.join(', ')} (found '${found}')`;
      zh = `扩展名必须是 ${list.join('、')} 之一（实际为“${found}”）`;
      break;
    }
    default:
      en = `${code}: expected '${exp}', found '${found}'`;
      zh = en;
  }
  return { code, part: part.kind, partIndex, expected: exp, found, message: en, messages: { en, 'zh-CN': zh } };
}

/** A reason about the whole name (`empty-name`, `name-too-long`). */
export function wholeNameReason(code: 'empty-name' | 'name-too-long', found: string, example: string, max: number): NamingReason {
  const length = Array.from(found).length;
  const en =
    code === 'empty-name'
      ? `the file name is empty (expected e.g. '${example}')`
      : `the file name has ${length} characters; at most ${max} are allowed (e.g. '${example}')`;
  const zh =
    code === 'empty-name'
      ? `文件名为空（例如“${example}”）`
      : `文件名有 ${length} 个字符，最多 ${max} 个（例如“${example}”）`;
  return { code, part: 'name', partIndex: -1, expected: example, found, message: en, messages: { en, 'zh-CN': zh } };
}
