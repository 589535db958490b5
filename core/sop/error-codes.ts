/**
 * Stable error codes of SOP validation, one per rule, each with an English and
 * a Simplified Chinese message template written for a process owner.
 *
 * Templates use `{param}` placeholders filled from the issue's `params` by
 * `renderSopMessage` (./issue-message.ts). A few placeholders are rendered per
 * language rather than copied: `{where}` / `{Where}` (the node and field the
 * issue is about), `{node}` / `{Node}`, `{nodeType}`, `{checkKind}` and the
 * phrase-valued params listed in `issue-message.ts`. Arrays are rendered as
 * quoted lists. Codes never change meaning; add new ones instead.
 */

/** One catalogue entry: the message templates of a code. */
export interface SopErrorCodeSpec {
  en: string;
  'zh-CN': string;
}

/** Every code `validateSop` can return, with its message templates. */
export const SOP_ERROR_CODES = {
  // ── document structure (JSON Schema) ─────────────────────────────────────
  SOP_SCHEMA: {
    en: '{Where} does not follow the SOP format: {detail}.',
    'zh-CN': '{where}不符合 SOP 格式要求：{detail}。',
  },
  SOP_TOO_LARGE: {
    en: 'This SOP is too large: it has {nodes} steps, {edges} arrows and {characters} characters; at most {maxNodes} steps, {maxEdges} arrows and {maxCharacters} characters are allowed. Split the process into smaller SOPs.',
    'zh-CN': '该 SOP 过大：共有 {nodes} 个节点、{edges} 条连线、{characters} 个字符；最多允许 {maxNodes} 个节点、{maxEdges} 条连线、{maxCharacters} 个字符。请把流程拆分为几个较小的 SOP。',
  },
  SCHEMA_VERSION_UNSUPPORTED: {
    en: 'This SOP says it uses format version {value}, but only version 1 is supported. Set “schemaVersion” to 1.',
    'zh-CN': '该 SOP 声明的格式版本为 {value}，目前只支持版本 1。请把“schemaVersion”设为 1。',
  },
  KEY_INVALID: {
    en: 'The SOP key “{value}” is not valid. Use 3 to 64 lower-case letters, digits or hyphens, for example “store-decoration”.',
    'zh-CN': 'SOP 标识“{value}”无效。请使用 3 到 64 个小写字母、数字或连字符，例如“store-decoration”。',
  },
  NODE_ID_INVALID: {
    en: 'The step id “{value}” is not valid. A step id starts with a letter and uses only letters, digits, “_” or “-”, for example “draft” or “qa_review”.',
    'zh-CN': '节点 ID“{value}”无效。节点 ID 须以字母开头，只能包含字母、数字、“_”或“-”，例如“draft”或“qa_review”。',
  },
  NODE_TYPE_UNKNOWN: {
    en: '{Node} has the type “{value}”, which does not exist. Use one of: {allowed}.',
    'zh-CN': '{node}的类型“{value}”不存在。请使用以下类型之一：{allowed}。',
  },
  CHECK_KIND_UNKNOWN: {
    en: '{Where} is a check of kind “{value}”, which does not exist. Use one of: {allowed}.',
    'zh-CN': '{where}的检查类型“{value}”不存在。请使用以下类型之一：{allowed}。',
  },
  FIELD_REQUIRED: {
    en: '{Where} is missing the required field “{field}”.',
    'zh-CN': '{where}缺少必填字段“{field}”。',
  },
  FIELD_UNKNOWN: {
    en: '{Where} has a field “{field}” that the SOP format does not know. Remove it or check its spelling.',
    'zh-CN': '{where}包含 SOP 格式中不存在的字段“{field}”。请删除它或检查拼写。',
  },
  VALUE_TYPE_INVALID: {
    en: '{Where} must be {expectedType}, but it is {actualType}.',
    'zh-CN': '{where}应为{expectedType}，但实际是{actualType}。',
  },
  VALUE_NOT_ALLOWED: {
    en: '{Where} is “{value}”, which is not allowed. Use one of: {allowed}.',
    'zh-CN': '{where}的值“{value}”不被允许。请使用以下之一：{allowed}。',
  },
  VALUE_OUT_OF_RANGE: {
    en: '{Where} is {value}, but it must be {comparison} {limit}.',
    'zh-CN': '{where}为 {value}，但应{comparison} {limit}。',
  },
  VALUE_TOO_SHORT: {
    en: '{Where} needs at least {limit} {unit}.',
    'zh-CN': '{where}至少需要 {limit} {unit}。',
  },
  VALUE_FORMAT_INVALID: {
    en: '{Where} is “{value}”, which is not in the expected form: {expectedForm}.',
    'zh-CN': '{where}的值“{value}”格式不对，应为{expectedForm}。',
  },
  WAIT_SPEC_INVALID: {
    en: '{Node} (wait) must have either a “duration” (such as PT2H) or an “until” date-time, exactly one of the two.',
    'zh-CN': '{node}（等待）必须设置“duration”（例如 PT2H）或“until”（日期时间）二者之一，且只能设置一个。',
  },
  MAX_ROUNDS_INVALID: {
    en: '{Node} has “maxRounds” {value}; it must be a whole number of 1 or more (how many times rework may send a job back to this step).',
    'zh-CN': '{node}的“maxRounds”为 {value}，应为不小于 1 的整数（返工最多可以回到此节点的次数）。',
  },
  CALENDAR_INVALID: {
    en: 'In the business calendar, “{field}” is “{value}”, but it must be {expectedForm}.',
    'zh-CN': '工作日历中“{field}”的值为“{value}”，应为{expectedForm}。',
  },

  // ── graph: nodes and edges ───────────────────────────────────────────────
  NODE_ID_DUPLICATE: {
    en: 'The step id “{nodeId}” is used by more than one step (step #{firstNodeNumber} and step #{nodeNumber}). Every step needs its own id.',
    'zh-CN': '节点 ID“{nodeId}”被多个节点使用（第 {firstNodeNumber} 个和第 {nodeNumber} 个节点）。每个节点的 ID 必须唯一。',
  },
  START_MISSING: {
    en: 'The SOP has no start step. Add exactly one step of type “start”.',
    'zh-CN': '该 SOP 没有开始节点。请添加且只添加一个类型为“start”的节点。',
  },
  START_MULTIPLE: {
    en: 'Step “{nodeId}” is a second start step (the first is “{first}”). An SOP has exactly one start.',
    'zh-CN': '节点“{nodeId}”是多余的开始节点（第一个开始节点是“{first}”）。一个 SOP 只能有一个开始节点。',
  },
  END_MISSING: {
    en: 'The SOP has no end step, so a job could never finish. Add at least one step of type “end”.',
    'zh-CN': '该 SOP 没有结束节点，任务将永远无法完成。请至少添加一个类型为“end”的节点。',
  },
  EDGE_UNKNOWN_NODE: {
    en: 'Arrow #{edgeNumber} (from “{from}” to “{to}”) names the step “{value}”, which does not exist.',
    'zh-CN': '第 {edgeNumber} 条连线（从“{from}”到“{to}”）引用了不存在的节点“{value}”。',
  },
  EDGE_DUPLICATE: {
    en: 'Arrow #{edgeNumber} from “{from}” to “{to}” repeats arrow #{firstEdgeNumber}. Remove one of them.',
    'zh-CN': '第 {edgeNumber} 条连线（从“{from}”到“{to}”）与第 {firstEdgeNumber} 条重复，请删除其中一条。',
  },
  EDGE_FROM_END: {
    en: 'End step “{nodeId}” has an arrow to “{to}”. Reaching an end finishes the job, so nothing can follow it.',
    'zh-CN': '结束节点“{nodeId}”有一条指向“{to}”的连线。到达结束节点即完成任务，之后不能再有步骤。',
  },
  EDGE_TO_START: {
    en: 'The arrow from “{from}” leads back into the start step “{nodeId}”. Nothing may lead into the start; point the arrow at the first real step instead.',
    'zh-CN': '从“{from}”出发的连线指回了开始节点“{nodeId}”。开始节点不能有进入的连线，请改为指向第一个实际步骤。',
  },
  NODE_DEAD_END: {
    en: 'Step “{nodeId}” ({nodeType}) has no outgoing arrow, so a job would stop there for ever. Connect it to the next step.',
    'zh-CN': '节点“{nodeId}”（{nodeType}）没有出去的连线，任务会一直停在这里。请把它连到下一个步骤。',
  },
  OUTGOING_EDGES_TOO_MANY: {
    en: 'Step “{nodeId}” ({nodeType}) has {count} outgoing arrows (to {targets}), but it can lead to only one next step. To do several things at once, use a parallel step.',
    'zh-CN': '节点“{nodeId}”（{nodeType}）有 {count} 条出去的连线（指向 {targets}），但它只能连到一个下一步。如需同时进行多件事，请使用并行节点。',
  },
  PARALLEL_BRANCHES_TOO_FEW: {
    en: 'Parallel step “{nodeId}” starts only {count} branch. A parallel step needs at least 2 outgoing arrows; otherwise remove it.',
    'zh-CN': '并行节点“{nodeId}”只有 {count} 个分支。并行节点至少需要 2 条出去的连线，否则请删除它。',
  },
  OUTCOME_MISSING: {
    en: 'Step “{nodeId}” ({nodeType}) has no arrow for the outcome “{outcome}”. It needs exactly one arrow for each of: {expected}.',
    'zh-CN': '节点“{nodeId}”（{nodeType}）缺少结果为“{outcome}”的连线。以下每个结果都需要且只需要一条连线：{expected}。',
  },
  OUTCOME_DUPLICATE: {
    en: 'Step “{nodeId}” ({nodeType}) has {count} arrows for the outcome “{outcome}” (to {targets}). Each outcome leads to exactly one next step.',
    'zh-CN': '节点“{nodeId}”（{nodeType}）有 {count} 条结果为“{outcome}”的连线（指向 {targets}）。每个结果只能连到一个下一步。',
  },
  OUTCOME_UNKNOWN: {
    en: 'The arrow from “{nodeId}” to “{to}” is labelled “{outcome}”, which a {nodeType} step cannot produce. Use one of: {expected}.',
    'zh-CN': '从“{nodeId}”到“{to}”的连线标注为“{outcome}”，但{nodeType}节点不会产生这个结果。请使用以下之一：{expected}。',
  },
  OUTCOME_LABEL_MISSING: {
    en: 'The arrow from “{nodeId}” to “{to}” has no outcome. Arrows leaving a {nodeType} step must say which outcome they follow: {expected}.',
    'zh-CN': '从“{nodeId}”到“{to}”的连线没有标注结果。从{nodeType}节点出去的连线必须标明对应的结果：{expected}。',
  },
  OUTCOME_NOT_ALLOWED: {
    en: 'The arrow from “{nodeId}” to “{to}” is labelled “{outcome}”, but arrows leaving a {nodeType} step carry no outcome. Remove the label.',
    'zh-CN': '从“{nodeId}”到“{to}”的连线标注了“{outcome}”，但从{nodeType}节点出去的连线不应标注结果。请去掉该标注。',
  },

  // ── graph: paths, loops, parallel sections ───────────────────────────────
  NODE_UNREACHABLE: {
    en: 'Step “{nodeId}” can never be reached: no path of arrows leads to it from the start step “{start}”.',
    'zh-CN': '节点“{nodeId}”永远不会被执行：从开始节点“{start}”沿连线无法到达它。',
  },
  NODE_CANNOT_FINISH: {
    en: 'From step “{nodeId}” no end step can be reached, so a job that gets there could never finish.',
    'zh-CN': '从节点“{nodeId}”出发无法到达任何结束节点，任务到这里后将永远无法完成。',
  },
  LOOP_WITHOUT_PERSON: {
    en: 'Steps {nodes} form a loop that no person works on, so a job could spin in it for ever. Every loop must pass through a task or review step.',
    'zh-CN': '节点 {nodes} 构成了一个没有人工参与的循环，任务可能在其中无限空转。每个循环都必须经过任务节点或审核节点。',
  },
  PARALLEL_JOIN_MISSING: {
    en: 'The branches that start at parallel step “{nodeId}” do not come back together at one join step ({meets}). Every branch must lead to the same join step before the process goes on; no branch may lead to an end on its own.',
    'zh-CN': '从并行节点“{nodeId}”分出的分支没有汇合到同一个汇合节点（{meets}）。每个分支都必须先到达同一个汇合节点，流程才能继续；任何分支都不能单独通往结束节点。',
  },
  JOIN_WITHOUT_PARALLEL: {
    en: 'Join step “{nodeId}” does not close any parallel step. A join waits for all branches of one parallel step; lead those branches into it, or remove it.',
    'zh-CN': '汇合节点“{nodeId}”没有对应的并行节点。汇合节点用于等待某个并行节点的全部分支；请把这些分支连到这里，或删除它。',
  },
  JOIN_SHARED: {
    en: 'Join step “{nodeId}” closes several parallel steps ({parallels}). Each parallel step needs its own join.',
    'zh-CN': '汇合节点“{nodeId}”同时收拢了多个并行节点（{parallels}）。每个并行节点都需要自己的汇合节点。',
  },
  JOIN_ARRIVALS_MISMATCH: {
    en: 'The branch of parallel step “{parallel}” that starts at “{branch}” reaches join “{nodeId}” by {count} arrows. Each branch must arrive at its join by exactly one arrow, or the join would wait for arrivals that never come.',
    'zh-CN': '并行节点“{parallel}”从“{branch}”开始的分支有 {count} 条连线进入汇合节点“{nodeId}”。每个分支只能用一条连线到达汇合节点，否则汇合节点会等待永远不会到来的分支。',
  },
  EDGE_ENTERS_PARALLEL_SECTION: {
    en: 'The arrow from “{from}” to “{to}” jumps from outside into the parallel section between “{parallel}” and “{join}”. A parallel section can only be entered through its parallel step.',
    'zh-CN': '从“{from}”到“{to}”的连线从外部跳入了“{parallel}”与“{join}”之间的并行区段。并行区段只能经由其并行节点进入。',
  },
  EDGE_LEAVES_PARALLEL_SECTION: {
    en: 'The arrow from “{from}” to “{to}” leaves the parallel section between “{parallel}” and “{join}” before its join. A branch must reach the join “{join}” before the process can go anywhere else.',
    'zh-CN': '从“{from}”到“{to}”的连线在到达汇合节点之前离开了“{parallel}”与“{join}”之间的并行区段。分支必须先到达汇合节点“{join}”，流程才能去别处。',
  },
  PARALLEL_BRANCHES_MERGE: {
    en: 'Step “{nodeId}” is reached by several branches of parallel step “{parallel}” (starting at {branches}), so it would run more than once. Branches must stay separate until the join “{join}”.',
    'zh-CN': '节点“{nodeId}”可由并行节点“{parallel}”的多个分支（起点为 {branches}）到达，因此会被执行多次。各分支在到达汇合节点“{join}”之前必须保持独立。',
  },

  // ── references and values ────────────────────────────────────────────────
  ROLE_UNDECLARED: {
    en: '{Where} names the role “{value}”, which is not declared in the SOP’s roles ({declared}).',
    'zh-CN': '{where}引用了角色“{value}”，但该角色未在 SOP 的角色列表（{declared}）中声明。',
  },
  ROLE_DUPLICATE: {
    en: 'The role “{value}” is declared more than once in the SOP’s roles.',
    'zh-CN': '角色“{value}”在 SOP 的角色列表中重复声明。',
  },
  ROLE_RESERVED: {
    en: '“{value}” cannot be declared as a role: in reminders and escalations it already means “the person responsible for the step”.',
    'zh-CN': '不能把“{value}”声明为角色：在提醒和升级中它专指“该步骤的负责人”。',
  },
  OWNER_ROLE_REQUIRED: {
    en: 'Step “{nodeId}” allows at most {value} rework rounds; after that the job is escalated to the role “owner”, but the SOP declares no “owner” role.',
    'zh-CN': '节点“{nodeId}”最多允许返工 {value} 轮，超过后任务会升级给“owner”角色，但该 SOP 没有声明“owner”角色。',
  },
  DELIVERABLE_UNDECLARED: {
    en: '{Where} names the deliverable “{value}”, which is not declared in the SOP’s deliverables ({declared}).',
    'zh-CN': '{where}引用了交付物“{value}”，但它未在 SOP 的交付物列表（{declared}）中声明。',
  },
  DELIVERABLE_DUPLICATE: {
    en: 'The deliverable id “{value}” is declared more than once. Every deliverable needs its own id.',
    'zh-CN': '交付物 ID“{value}”重复声明。每个交付物的 ID 必须唯一。',
  },
  DELIVERABLE_NOT_PRODUCED_UPSTREAM: {
    en: 'Check step “{nodeId}” checks the deliverable “{value}”, but no task before it produces that deliverable, so there would be nothing to check.',
    'zh-CN': '检查节点“{nodeId}”要检查交付物“{value}”，但它之前没有任何任务节点产出该交付物，因此没有可检查的文件。',
  },
  REFERENCE_REQUIRED: {
    en: 'Check step “{nodeId}” has a {checkKind} that compares “{value}” with a reference file, but that deliverable is not marked “reference: true”, so jobs will not supply one.',
    'zh-CN': '检查节点“{nodeId}”的{checkKind}要把“{value}”与参考文件比对，但该交付物没有标记“reference: true”，任务不会提供参考文件。',
  },
  NAMING_TEMPLATE_MISSING: {
    en: 'Check step “{nodeId}” checks the file name of “{value}”, but that deliverable has no naming template. Add a “naming” template to the deliverable or remove the check.',
    'zh-CN': '检查节点“{nodeId}”要检查“{value}”的文件名，但该交付物没有命名规则。请为该交付物添加“naming”命名规则，或删除这项检查。',
  },
  NAMING_TEMPLATE_INVALID: {
    en: 'The naming template “{value}” of deliverable “{deliverable}” has a problem at character {column}: {detail}.',
    'zh-CN': '交付物“{deliverable}”的命名规则“{value}”在第 {column} 个字符处有误：{reason}。',
  },
  CHECKLIST_SOURCE_MISSING: {
    en: 'Check step “{nodeId}” has a checklist check, but no task right before it has checklist items to verify. Add a checklist to that task, or remove the check.',
    'zh-CN': '检查节点“{nodeId}”包含清单检查，但它之前紧邻的任务节点没有任何清单项可供核对。请为该任务添加检查清单，或删除这项检查。',
  },
  CHECKLIST_ITEM_DUPLICATE: {
    en: 'Task “{nodeId}” uses the checklist item id “{value}” more than once. Every checklist item needs its own id.',
    'zh-CN': '任务节点“{nodeId}”的清单项 ID“{value}”重复。每个清单项的 ID 必须唯一。',
  },
  REASON_DUPLICATE: {
    en: 'Step “{nodeId}” uses the reason code “{value}” more than once. Every reason needs its own code.',
    'zh-CN': '节点“{nodeId}”的原因代码“{value}”重复。每个原因都需要唯一的代码。',
  },
  DURATION_INVALID: {
    en: '{Where} is “{value}”, which is not a duration. Write durations in ISO 8601 form, for example P2D (2 days), PT4H (4 hours), PT30M (30 minutes) or P1DT12H.',
    'zh-CN': '{where}的值“{value}”不是有效的时长。请使用 ISO 8601 格式，例如 P2D（2 天）、PT4H（4 小时）、PT30M（30 分钟）或 P1DT12H。',
  },
  DURATION_NOT_FIXED: {
    en: '{Where} is “{value}”, which counts in months or years. Months and years have no fixed length here; write the time in weeks, days or hours (for example P30D).',
    'zh-CN': '{where}的值“{value}”以月或年计。此处月和年没有固定长度，请改用周、天或小时表示（例如 P30D）。',
  },
  DATE_TIME_INVALID: {
    en: 'Wait step “{nodeId}” waits until “{value}”, which is not a valid date and time. Write it like 2026-10-08T09:00:00+08:00, with the time-zone offset.',
    'zh-CN': '等待节点“{nodeId}”的等待截止时间“{value}”不是有效的日期时间。请写成 2026-10-08T09:00:00+08:00 这样的格式，并包含时区偏移。',
  },
  TIMEZONE_INVALID: {
    en: 'The time zone “{value}” cannot be used. Use an IANA time-zone name in Area/City form, such as Asia/Shanghai (abbreviations such as CST are ambiguous).',
    'zh-CN': '无法使用时区“{value}”。请使用“区域/城市”形式的 IANA 时区名称，例如 Asia/Shanghai（CST 之类的缩写有歧义）。',
  },
  CALENDAR_REQUIRED: {
    en: 'Step “{nodeId}” has a deadline counted in business time, but the SOP has no business calendar. Add a “calendar” (workdays, hours, holidays) or count the deadline in calendar time.',
    'zh-CN': '节点“{nodeId}”的截止时间按工作时间计算，但该 SOP 没有工作日历。请添加“calendar”（工作日、工作时间、节假日），或改为按自然时间计算。',
  },
  DEADLINE_REQUIRED: {
    en: 'Step “{nodeId}” has {what} but no deadline (“due”). Reminders and escalations are timed from the deadline; add a “due” or remove them.',
    'zh-CN': '节点“{nodeId}”设置了{what}，但没有截止时间（“due”）。提醒和升级都以截止时间为准；请添加“due”或删除它们。',
  },
  ESCALATION_ORDER: {
    en: 'Escalation level {level} of step “{nodeId}” fires {value} after the deadline, which is not later than level {previousLevel} ({previousValue}). List escalation levels from the earliest to the latest.',
    'zh-CN': '节点“{nodeId}”的第 {level} 级升级在超期 {value} 后触发，并不晚于第 {previousLevel} 级（{previousValue}）。请按从早到晚的顺序排列升级级别。',
  },

  // ── declared job fields ──────────────────────────────────────────────────
  JOB_FIELD_DUPLICATE: {
    en: 'The job field id “{value}” is declared more than once. Every job field needs its own id.',
    'zh-CN': '任务字段 ID“{value}”重复声明。每个任务字段的 ID 必须唯一。',
  },
  JOB_FIELD_OPTIONS_MISSING: {
    en: 'Job field “{value}” is a {fieldType} field but lists no “options”. Add the choices people may pick.',
    'zh-CN': '任务字段“{value}”是{fieldType}字段，但没有列出“options”。请添加可供选择的选项。',
  },
  JOB_FIELD_OPTIONS_NOT_ALLOWED: {
    en: 'Job field “{value}” has “{option}”, which only {allowedTypes} fields take. Remove it or change the field type.',
    'zh-CN': '任务字段“{value}”设置了“{option}”，只有{allowedTypes}字段可以设置它。请删除它或更改字段类型。',
  },
  JOB_FIELD_OPTION_DUPLICATE: {
    en: 'Job field “{value}” lists the option “{option}” more than once.',
    'zh-CN': '任务字段“{value}”的选项“{option}”重复。',
  },
  JOB_FIELD_RANGE_INVALID: {
    en: 'Job field “{value}” has “min” {min} above “max” {max}; no value could be entered.',
    'zh-CN': '任务字段“{value}”的“min”（{min}）大于“max”（{max}），将无法填写任何值。',
  },

  // ── task forms ───────────────────────────────────────────────────────────
  FORM_FIELD_DUPLICATE: {
    en: '{Node} asks the form question “{value}” more than once. Every question of a form needs its own id.',
    'zh-CN': '{node}的表单问题 ID“{value}”重复。同一表单中每个问题的 ID 必须唯一。',
  },
  FORM_FIELD_OPTIONS_MISSING: {
    en: 'Form question “{value}” of {node} is a {fieldType} question but lists no “options”. Add the choices people may pick.',
    'zh-CN': '{node}的表单问题“{value}”是{fieldType}题，但没有列出“options”。请添加可供选择的选项。',
  },
  FORM_FIELD_OPTIONS_NOT_ALLOWED: {
    en: 'Form question “{value}” of {node} has “{option}”, which only {allowedTypes} questions take. Remove it or change the question type.',
    'zh-CN': '{node}的表单问题“{value}”设置了“{option}”，只有{allowedTypes}问题可以设置它。请删除它或更改问题类型。',
  },
  FORM_FIELD_OPTION_DUPLICATE: {
    en: 'Form question “{value}” of {node} lists the option “{option}” more than once.',
    'zh-CN': '{node}的表单问题“{value}”的选项“{option}”重复。',
  },
  FORM_FIELD_RANGE_INVALID: {
    en: 'Form question “{value}” of {node} has “min” {min} above “max” {max}; no answer could be entered.',
    'zh-CN': '{node}的表单问题“{value}”的“min”（{min}）大于“max”（{max}），将无法填写任何答案。',
  },

  // ── recurring reports ────────────────────────────────────────────────────
  REPORT_PERIOD_TOO_SHORT: {
    en: '{Node} asks for a report every “{value}”, which is shorter than one second. Write a period such as P1D (daily), P1W (weekly) or PT4H.',
    'zh-CN': '{node}要求每“{value}”提交一次报告，周期短于 1 秒。请写成 P1D（每天）、P1W（每周）或 PT4H 这样的周期。',
  },
  REPORT_FIELD_FILE: {
    en: 'Report question “{value}” of {node} is a file question; reports take no files. Ask for files in the step\'s deliverables or form instead.',
    'zh-CN': '{node}的报告问题“{value}”是文件题；报告不接收文件。请改在该步骤的交付物或表单中要求上传文件。',
  },
} as const satisfies Record<string, SopErrorCodeSpec>;

/** A code of the catalogue. */
export type SopErrorCode = keyof typeof SOP_ERROR_CODES;

/** The languages every message is available in. */
export type SopMessageLocale = keyof SopErrorCodeSpec;

/** True when `code` is a code of the catalogue. */
export function isSopErrorCode(code: string): code is SopErrorCode {
  return Object.prototype.hasOwnProperty.call(SOP_ERROR_CODES, code);
}
