/**
 * Renders the message templates of `./error-codes.ts` in English or Chinese.
 * Pure: no I/O, safe in the workflow sandbox and the browser.
 */
import { SOP_ERROR_CODES, type SopErrorCode, type SopMessageLocale } from './error-codes';

type Phrase = Readonly<Record<SopMessageLocale, string>>;
type PhraseTable = Readonly<Record<string, Phrase>>;

const NODE_TYPE_LABELS: PhraseTable = {
  start: { en: 'start', 'zh-CN': '开始' },
  end: { en: 'end', 'zh-CN': '结束' },
  task: { en: 'task', 'zh-CN': '任务' },
  accept: { en: 'acceptance', 'zh-CN': '接单' },
  check: { en: 'check', 'zh-CN': '自动检查' },
  review: { en: 'review', 'zh-CN': '审核' },
  parallel: { en: 'parallel', 'zh-CN': '并行' },
  join: { en: 'join', 'zh-CN': '汇合' },
  wait: { en: 'wait', 'zh-CN': '等待' },
  notify: { en: 'notification', 'zh-CN': '通知' },
};

const CHECK_KIND_LABELS: PhraseTable = {
  naming: { en: 'file-name check', 'zh-CN': '文件名检查' },
  visual: { en: 'visual comparison', 'zh-CN': '图像比对' },
  ocr: { en: 'text check (OCR)', 'zh-CN': '文字识别（OCR）检查' },
  checklist: { en: 'checklist check', 'zh-CN': '清单检查' },
};

const TYPE_LABELS: PhraseTable = {
  string: { en: 'text', 'zh-CN': '文本' },
  number: { en: 'a number', 'zh-CN': '数字' },
  integer: { en: 'a whole number', 'zh-CN': '整数' },
  boolean: { en: 'true or false', 'zh-CN': '布尔值（true 或 false）' },
  array: { en: 'a list', 'zh-CN': '列表' },
  object: { en: 'an object with fields', 'zh-CN': '带字段的对象' },
  null: { en: 'empty (null)', 'zh-CN': '空值（null）' },
};

const FIELD_TYPE_LABELS: PhraseTable = {
  select: { en: 'single-choice', 'zh-CN': '单选' },
  multiSelect: { en: 'multiple-choice', 'zh-CN': '多选' },
};

const ALLOWED_TYPES_LABELS: PhraseTable = {
  choice: { en: 'single- and multiple-choice', 'zh-CN': '单选和多选' },
  numeric: { en: 'number and money', 'zh-CN': '数字和金额' },
  file: { en: 'file', 'zh-CN': '文件' },
};

const COMPARISON_LABELS: PhraseTable = {
  '>=': { en: 'at least', 'zh-CN': '不小于' },
  '<=': { en: 'at most', 'zh-CN': '不大于' },
  '>': { en: 'more than', 'zh-CN': '大于' },
  '<': { en: 'less than', 'zh-CN': '小于' },
};

const UNIT_LABELS: PhraseTable = {
  item: { en: 'entry', 'zh-CN': '项' },
  items: { en: 'entries', 'zh-CN': '项' },
  character: { en: 'character', 'zh-CN': '个字符' },
  characters: { en: 'characters', 'zh-CN': '个字符' },
};

const FORM_LABELS: PhraseTable = {
  identifier: {
    en: 'a letter or digit, then letters, digits, “_”, “.” or “-” (no spaces)',
    'zh-CN': '以字母或数字开头，只含字母、数字、“_”、“.”或“-”（不含空格）',
  },
  mime: { en: 'a file type such as image/png', 'zh-CN': '形如 image/png 的文件类型' },
  time: { en: 'a time of day written HH:MM, such as 09:00', 'zh-CN': '形如 09:00 的时间（HH:MM）' },
  hoursOrder: {
    en: 'a closing time later than the opening time {open}',
    'zh-CN': '晚于上班时间 {open} 的下班时间',
  },
  hoursPair: { en: 'two times, opening and closing, such as ["09:00", "18:00"]', 'zh-CN': '上班和下班两个时间，例如 ["09:00", "18:00"]' },
  weekday: {
    en: 'a weekday number from 1 (Monday) to 7 (Sunday), each listed once',
    'zh-CN': '星期数字 1（周一）到 7（周日）之一，且每个只列一次',
  },
  workdays: { en: 'a list of at least one weekday number', 'zh-CN': '至少包含一个星期数字的列表' },
  date: { en: 'a real date written YYYY-MM-DD, such as 2026-10-01', 'zh-CN': '形如 2026-10-01 的真实日期（YYYY-MM-DD）' },
  dateList: { en: 'a list of dates written YYYY-MM-DD', 'zh-CN': '日期列表（YYYY-MM-DD）' },
  notBoth: {
    en: 'either a holiday or an extra workday, not both',
    'zh-CN': '节假日或调休工作日之一，不能同时是两者',
  },
  pattern: { en: 'the pattern {pattern}', 'zh-CN': '符合规则 {pattern} 的值' },
};

const WHAT_LABELS: PhraseTable = {
  reminders: { en: 'reminders', 'zh-CN': '提醒' },
  escalation: { en: 'an escalation ladder', 'zh-CN': '升级规则' },
};

const NAMING_REASON_LABELS: PhraseTable = {
  'empty-template': { en: 'the template is empty', 'zh-CN': '命名规则为空' },
  'unclosed-brace': { en: '“{” is not closed by “}”', 'zh-CN': '“{”没有对应的“}”（字面的大括号请写成“{{”）' },
  'unmatched-close-brace': { en: '“}” has no matching “{”', 'zh-CN': '“}”没有对应的“{”（字面的大括号请写成“}}”）' },
  'empty-placeholder': { en: 'an empty placeholder', 'zh-CN': '占位符为空' },
  'unknown-placeholder': {
    en: 'an unknown placeholder',
    'zh-CN': '未知的占位符，可用的有 {job.code}、{job.vendor}、{deliverable}、{version:N}、{date:YYYYMMDD}、{ext:png|jpg}、{any}',
  },
  'placeholder-argument': { en: 'this placeholder takes no argument', 'zh-CN': '该占位符不接受参数' },
  'version-digits': { en: '{version:N} needs a digit count from 1 to 9', 'zh-CN': '{version:N} 需要 1 到 9 之间的位数，例如 {version:2}' },
  'date-pattern': { en: 'the date pattern is not valid', 'zh-CN': '日期格式无效，只能使用 YYYY、MM、DD 及分隔符 - _ . 或空格' },
  'ext-list': { en: 'the extension list is not valid', 'zh-CN': '扩展名列表无效，请写成 {ext:png|jpg}（不带点）' },
  'invalid-character': { en: 'a character not allowed in a file name', 'zh-CN': '文件名中不允许的字符（如 / 或 \\）' },
};

const TEXT: PhraseTable = {
  listEmpty: { en: 'none', 'zh-CN': '无' },
  neverMeet: { en: 'they never meet', 'zh-CN': '它们始终没有汇合' },
  meetAtNonJoin: {
    en: 'they first meet at “{meetsAt}”, which is not a join step',
    'zh-CN': '它们最先在“{meetsAt}”相遇，而那不是汇合节点',
  },
  theSop: { en: 'the SOP', 'zh-CN': '该 SOP ' },
};

/** Params whose array value is rendered as a quoted list. */
const LIST_SEPARATOR: Phrase = { en: ', ', 'zh-CN': '、' };

/** Params rendered through a phrase table rather than copied. */
const PHRASE_PARAMS: Readonly<Record<string, PhraseTable>> = {
  nodeType: NODE_TYPE_LABELS,
  checkKind: CHECK_KIND_LABELS,
  expectedType: TYPE_LABELS,
  actualType: TYPE_LABELS,
  comparison: COMPARISON_LABELS,
  unit: UNIT_LABELS,
  expectedForm: FORM_LABELS,
  what: WHAT_LABELS,
  reason: NAMING_REASON_LABELS,
  fieldType: FIELD_TYPE_LABELS,
  allowedTypes: ALLOWED_TYPES_LABELS,
};

function fill(template: string, params: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}

function showValue(value: unknown): string {
  if (typeof value === 'string') return value;
  const json = JSON.stringify(value);
  if (json === undefined) return String(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

function quotedList(values: readonly unknown[], locale: SopMessageLocale): string {
  if (values.length === 0) return TEXT.listEmpty![locale];
  return values.map((v) => `“${showValue(v)}”`).join(LIST_SEPARATOR[locale]);
}

function nodePhrase(params: Readonly<Record<string, unknown>>, locale: SopMessageLocale): string | undefined {
  if (typeof params.nodeId === 'string') return locale === 'en' ? `step “${params.nodeId}”` : `节点“${params.nodeId}”`;
  if (typeof params.nodeNumber === 'number') {
    return locale === 'en' ? `step #${params.nodeNumber}` : `第 ${params.nodeNumber} 个节点`;
  }
  return undefined;
}

function wherePhrase(params: Readonly<Record<string, unknown>>, locale: SopMessageLocale): string {
  const node = nodePhrase(params, locale);
  const at = typeof params.at === 'string' && params.at !== '' ? params.at : undefined;
  if (locale === 'en') {
    if (node && at) return `field “${at}” of ${node}`;
    if (at) return `field “${at}”`;
    return node ?? TEXT.theSop!.en;
  }
  if (node && at) return `${node}的字段“${at}”`;
  if (at) return `字段“${at}”`;
  return node ?? TEXT.theSop!['zh-CN'];
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function renderParam(name: string, params: Readonly<Record<string, unknown>>, locale: SopMessageLocale): string | undefined {
  switch (name) {
    case 'where':
      return wherePhrase(params, locale);
    case 'Where':
      return capitalise(wherePhrase(params, locale));
    case 'node':
      return nodePhrase(params, locale);
    case 'Node': {
      const node = nodePhrase(params, locale);
      return node === undefined ? undefined : capitalise(node);
    }
    case 'meets':
      return typeof params.meetsAt === 'string' ? fill(TEXT.meetAtNonJoin![locale], params) : TEXT.neverMeet![locale];
    default:
      break;
  }
  const value = params[name];
  if (value === undefined) return undefined;
  const table = PHRASE_PARAMS[name];
  const phrase = table && typeof value === 'string' ? table[value] : undefined;
  // Only form phrases take params ({pattern}); naming reasons show braces literally.
  if (phrase) return name === 'expectedForm' ? fill(phrase[locale], params) : phrase[locale];
  if (Array.isArray(value)) return quotedList(value, locale);
  return showValue(value);
}

/**
 * The message of `code` in `locale`, its placeholders filled from `params`.
 * Unknown placeholders are left as written (tests check none remain).
 */
export function renderSopMessage(
  code: SopErrorCode,
  params: Readonly<Record<string, unknown>>,
  locale: SopMessageLocale,
): string {
  const template: string = SOP_ERROR_CODES[code][locale];
  return template.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) => renderParam(name, params, locale) ?? whole);
}
