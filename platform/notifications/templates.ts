/**
 * What a notice says, in zh-CN or English, with the deadline in the reader's
 * time zone and how late the step is. Pure: the same view renders the same
 * message, so a resent message is byte-identical to the first one.
 */
import { DateTime, IANAZone } from 'luxon';

export type NoticeLocale = 'zh-CN' | 'en';

/** The facts of one notice, independent of who reads it. */
export interface NoticeView {
  kind: string;
  jobCode: string;
  jobTitle: string;
  link: string;
  stepTitle?: string | null;
  /** Escalation level or reminder index (0-based). */
  level?: number | null;
  /** Deadline of the step, ms since epoch. */
  dueAt?: number | null;
  /** When the notice was scheduled for, ms since epoch. */
  at: number;
  message?: string | null;
  /** The reader is copied, not addressed. */
  cc?: boolean;
  /** Who is notified (robot posts into a group name them). */
  people?: string[];
  /** Short reference shown at the end (lets people recognise a repeated robot post). */
  ref?: string;
}

/** A rendered notice: a subject and labelled lines, formatted per channel by the `to*` functions. */
export interface RenderedNotice {
  subject: string;
  lines: Array<{ label: string; value: string }>;
  linkLabel: string;
  link: string;
  footer: string;
}

const TEXT = {
  'zh-CN': {
    kinds: { reminder: '提醒', escalation: '升级', overdue: '逾期', stuck: '返工超限', notify: '通知', task_assigned: '新任务', review_request: '待审核', job_completed: '已完成', job_cancelled: '已取消', job_declined: '供应商拒单', comment_mentioned: '有人在评论中提到您', 'step.at_risk': '可能延期' } as Record<string, string>,
    level: (n: number) => `第 ${n} 级`,
    job: '任务', step: '步骤', people: '通知', deadline: '截止', late: '已逾期', message: '说明', copied: '抄送给您', open: '打开任务', ref: '编号',
    dueIn: '距截止',
    units: { d: ' 天', h: ' 小时', m: ' 分钟', s: ' 秒' },
    joiner: ' ',
  },
  en: {
    kinds: { reminder: 'Reminder', escalation: 'Escalation', overdue: 'Overdue', stuck: 'Too many rework rounds', notify: 'Notice', task_assigned: 'New task', review_request: 'Review requested', job_completed: 'Completed', job_cancelled: 'Cancelled', job_declined: 'Declined by the vendor', comment_mentioned: 'You were mentioned in a comment', 'step.at_risk': 'At risk of finishing late' } as Record<string, string>,
    level: (n: number) => `level ${n}`,
    job: 'Job', step: 'Step', people: 'For', deadline: 'Deadline', late: 'Late by', message: 'Message', copied: 'You are copied', open: 'Open the job', ref: 'Ref',
    dueIn: 'Due in',
    units: { d: ' d', h: ' h', m: ' min', s: ' s' },
    joiner: ' ',
  },
} as const;

/** `zh-CN` for any Chinese locale, English otherwise. */
export function noticeLocale(locale: string | null | undefined): NoticeLocale {
  return locale?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

// Luxon checks a zone by building an Intl.DateTimeFormat each time; people have few zones.
const validZones = new Map<string, boolean>();

/** A valid IANA zone, or `fallback` (default Asia/Shanghai). */
export function noticeZone(zone: string | null | undefined, fallback = 'Asia/Shanghai'): string {
  if (!zone) return fallback;
  let valid = validZones.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    if (validZones.size < 1000) validZones.set(zone, valid);
  }
  return valid ? zone : fallback;
}

/** `2 d 3 h`, `5 min`, `2 s` / `2 天 3 小时`: the two largest units, seconds only under a minute. */
export function formatDuration(ms: number, locale: NoticeLocale): string {
  const units = TEXT[locale].units;
  const total = Math.max(0, Math.round(ms / 1000));
  if (total < 60) return `${total}${units.s}`;
  const parts: Array<[number, string]> = [
    [Math.floor(total / 86_400), units.d],
    [Math.floor((total % 86_400) / 3600), units.h],
    [Math.floor((total % 3600) / 60), units.m],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  return parts.slice(first, first + 2).filter(([n]) => n > 0).map(([n, u]) => `${n}${u}`).join(TEXT[locale].joiner);
}

// Notices due together share their deadlines: each instant is formatted once per zone.
const formatted = new Map<string, string>();

/** `2026-11-27 18:03 (Asia/Shanghai)`. */
export function formatInstant(ms: number, zone: string): string {
  const key = `${ms} ${zone}`;
  let text = formatted.get(key);
  if (text === undefined) {
    text = `${DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm')} (${zone})`;
    if (formatted.size >= 10_000) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

export function renderNotice(view: NoticeView, locale: NoticeLocale, zone: string): RenderedNotice {
  const t = TEXT[locale];
  const kind = t.kinds[view.kind] ?? view.kind;
  const level = view.kind === 'escalation' && view.level != null ? ` ${t.level(view.level + 1)}` : '';
  const late = view.dueAt != null && view.at > view.dueAt ? view.at - view.dueAt : undefined;
  const sep = locale === 'zh-CN' ? '：' : ': ';
  const subjectTail = late !== undefined ? ` ${t.late} ${formatDuration(late, locale)}` : '';
  const subject = `[${kind}${level}] ${view.jobCode}${view.stepTitle ? ` ${view.stepTitle}` : ''}${sep}${view.jobTitle}${subjectTail}`;
  const lines: RenderedNotice['lines'] = [{ label: t.job, value: `${view.jobCode} ${view.jobTitle}` }];
  if (view.stepTitle) lines.push({ label: t.step, value: view.stepTitle });
  if (view.dueAt != null) lines.push({ label: t.deadline, value: formatInstant(view.dueAt, zone) });
  if (late !== undefined) lines.push({ label: t.late, value: formatDuration(late, locale) });
  else if (view.dueAt != null && view.kind === 'reminder') lines.push({ label: t.dueIn, value: formatDuration(view.dueAt - view.at, locale) });
  if (view.message) lines.push({ label: t.message, value: view.message });
  if (view.people && view.people.length > 0) lines.push({ label: t.people, value: view.people.join(locale === 'zh-CN' ? '、' : ', ') });
  if (view.cc) lines.push({ label: t.copied, value: '✓' });
  return { subject, lines, linkLabel: t.open, link: view.link, footer: view.ref ? `${t.ref} #${view.ref}` : '' };
}

export function toPlainText(r: RenderedNotice): string {
  return [r.subject, '', ...r.lines.map((l) => `${l.label}: ${l.value}`), '', `${r.linkLabel}: ${r.link}`, ...(r.footer ? ['', r.footer] : [])].join('\n') + '\n';
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function toHtml(r: RenderedNotice): string {
  const rows = r.lines.map((l) => `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(l.label)}</th><td>${escapeHtml(l.value)}</td></tr>`).join('');
  const footer = r.footer ? `<p style="color:#888;font-size:12px">${escapeHtml(r.footer)}</p>` : '';
  return `<!doctype html><html><body><h3>${escapeHtml(r.subject)}</h3><table>${rows}</table><p><a href="${escapeHtml(r.link)}">${escapeHtml(r.linkLabel)}</a></p>${footer}</body></html>`;
}

/** Markdown as DingTalk and WeCom robots render it. */
export function toMarkdown(r: RenderedNotice): string {
  return [`### ${r.subject}`, ...r.lines.map((l) => `- **${l.label}**: ${l.value}`), '', `[${r.linkLabel}](${r.link})`, ...(r.footer ? ['', `> ${r.footer}`] : [])].join('\n');
}

/** Slack mrkdwn: `*bold*` and `<url|label>`. */
export function toSlackText(r: RenderedNotice): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [`*${esc(r.subject)}*`, ...r.lines.map((l) => `• *${esc(l.label)}*: ${esc(l.value)}`), `<${r.link}|${esc(r.linkLabel)}>`, ...(r.footer ? [`_${esc(r.footer)}_`] : [])].join('\n');
}
