import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import { splitFieldErrors } from '../../lib/field-errors';
import { LOCALES } from '../../lib/i18n';
import { problemOf, type Problem } from '../../lib/problem';
import { bodyOf, draftOf, validateDraft, type ConfigDraft, type DraftField } from './channel-config-draft';
import { localiseOutboundProblem } from './outbound-problem';
import { CONFIG_CHANNELS, NOTICE_KINDS, ROBOT_CHANNELS, type ChannelConfigView, type ConfigChannel } from './notification-types';
import { useSettingsT } from './settings-messages';

export interface ScopeChoices {
  orgs: Array<{ id: string; name: string }>;
  sops: Array<{ key: string; name?: string }>;
}

/** What a URL of each channel looks like (the same in every language). */
const URL_EXAMPLES: Record<ConfigChannel, string> = {
  dingtalk: 'https://oapi.dingtalk.com/robot/send?access_token=…',
  wecom: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send',
  feishu: 'https://open.feishu.cn/open-apis/bot/v2/hook/…',
  slack: 'https://hooks.slack.com/services/…',
  webhook: 'https://erp.example.com/hooks/sop',
  email: 'smtps://smtp.example.com:465',
};

const FIELDS: readonly (DraftField | 'name' | 'channel')[] = ['url', 'secret', 'scopeId', 'from', 'kinds', 'events', 'timezone', 'name', 'channel'];

/** Add a robot, webhook or mail-server config, or edit one (URL and secret are write-only: empty keeps them). */
export function ChannelConfigForm({ editing, choices, onSaved, onCancel }: { editing?: ChannelConfigView; choices: ScopeChoices; onSaved: (config: ChannelConfigView, created: boolean) => void; onCancel?: () => void }) {
  const t = useSettingsT();
  const id = useId();
  const [draft, setDraft] = useState<ConfigDraft>(() => draftOf(editing, { scopeId: choices.orgs[0]?.id }));
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const set = <K extends keyof ConfigDraft>(key: K, value: ConfigDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const local = validateDraft(draft, editing);
  const { byField, rest } = problem ? splitFieldErrors(localiseOutboundProblem(problem, draft.channel, t), FIELDS) : { byField: {} as Partial<Record<string, string>>, rest: undefined };
  const errorOf = (field: DraftField): string | undefined => {
    const e = tried ? local[field] : undefined;
    return e ? t(e.key, e.params) : byField[field];
  };
  const robot = ROBOT_CHANNELS.includes(draft.channel);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    setProblem(undefined);
    const path = editing ? `/notifications/channels/${encodeURIComponent(editing.id)}` : '/notifications/channels';
    apiRequest<ChannelConfigView>(path, { method: editing ? 'PUT' : 'POST', body: bodyOf(draft, editing) })
      .then((saved) => {
        // The secret never stays in the page once stored.
        setDraft(draftOf(undefined, { scopeId: choices.orgs[0]?.id }));
        setTried(false);
        onSaved(saved, !editing);
      })
      .catch((err: unknown) => setProblem(problemOf(err)))
      .finally(() => setBusy(false));
  };

  const field = (name: DraftField, label: string, control: (inputId: string, describedBy: string, invalid: boolean) => ReactNode, hint?: string) => {
    const error = errorOf(name);
    const inputId = `${id}-${name}`;
    return (
      <div className={`field${error ? ' invalid' : ''}`}>
        <label htmlFor={inputId}>{label}</label>
        {control(inputId, `${inputId}-note`, !!error)}
        {(error ?? hint) && (
          <span id={`${inputId}-note`} className={error ? 'field-error' : 'field-hint'}>
            {error ?? hint}
          </span>
        )}
      </div>
    );
  };
  const scopeOptions = draft.scope === 'org' ? choices.orgs.map((o) => ({ value: o.id, label: o.name })) : choices.sops.map((s) => ({ value: s.key, label: s.name ? `${s.name} (${s.key})` : s.key }));

  return (
    <form className="stack settings-form" onSubmit={submit} aria-label={editing ? t('editConfig', { name: editing.name || t('unnamed') }) : t('addConfig')} noValidate>
      <h3>{editing ? t('editConfig', { name: editing.name || t('unnamed') }) : t('addConfig')}</h3>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={`${id}-channel`}>{t('channel')}</label>
          <select id={`${id}-channel`} value={draft.channel} disabled={!!editing} onChange={(e) => set('channel', e.target.value as ConfigChannel)}>
            {CONFIG_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('name')}</label>
          <input id={`${id}-name`} value={draft.name} maxLength={200} placeholder={t('nameHint')} onChange={(e) => set('name', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-scope`}>{t('scope')}</label>
          <select id={`${id}-scope`} value={draft.scope} onChange={(e) => setDraft((d) => ({ ...d, scope: e.target.value as 'org' | 'sop', scopeId: e.target.value === 'org' ? (choices.orgs[0]?.id ?? '') : '' }))}>
            <option value="org">{t('scope.org')}</option>
            <option value="sop">{t('scope.sop')}</option>
          </select>
        </div>
        {field('scopeId', draft.scope === 'org' ? t('scope.org') : t('scope.sop'), (inputId, note, invalid) => (
          <select id={inputId} value={draft.scopeId} aria-describedby={note} aria-invalid={invalid} onChange={(e) => set('scopeId', e.target.value)}>
            <option value="">{t('chooseScope')}</option>
            {scopeOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        ), draft.scope === 'org' ? t('scopeOrgHint') : t('scopeSopHint'))}
      </div>
      {field('url', t('url'), (inputId, note, invalid) => (
        <input
          id={inputId}
          type="text"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          value={draft.url}
          aria-describedby={note} aria-invalid={invalid}
          placeholder={editing ? t('keepUrl', { target: editing.target }) : URL_EXAMPLES[draft.channel]}
          onChange={(e) => set('url', e.target.value)}
        />
      ), editing ? t('urlHidden') : t(`url.${draft.channel}`))}
      {draft.channel !== 'slack' &&
        field('secret', t('secret'), (inputId, note, invalid) => (
          <input
            id={inputId}
            type="password"
            autoComplete="new-password"
            value={draft.secret}
            aria-describedby={note} aria-invalid={invalid}
            placeholder={editing?.hasSecret ? t('keepSecret') : undefined}
            onChange={(e) => set('secret', e.target.value)}
          />
        ), t(`secret.${draft.channel}`))}
      {draft.channel === 'email' && (
        <div className="grid-2">
          {field('from', t('from'), (inputId, note, invalid) => <input id={inputId} value={draft.from} aria-describedby={note} aria-invalid={invalid} placeholder={t('fromHint')} onChange={(e) => set('from', e.target.value)} />, t('fromHint'))}
          <div className="field">
            <label htmlFor={`${id}-user`}>{t('smtpUser')}</label>
            <input id={`${id}-user`} value={draft.user} autoComplete="off" onChange={(e) => set('user', e.target.value)} />
          </div>
          <div className="field">
            <label className="check">
              <input type="checkbox" checked={draft.tls} aria-describedby={`${id}-tls-note`} onChange={(e) => set('tls', e.target.checked)} />
              {t('smtpTls')}
            </label>
            <span id={`${id}-tls-note`} className="field-hint">{t('smtpTlsHint')}</span>
          </div>
        </div>
      )}
      {robot && (
        <>
          <div className="grid-2">
            <div className="field">
              <label htmlFor={`${id}-locale`}>{t('robotLocale')}</label>
              <select id={`${id}-locale`} value={draft.locale} onChange={(e) => set('locale', e.target.value as ConfigDraft['locale'])}>
                <option value="">{t('robotLocaleDefault')}</option>
                {LOCALES.map((l) => (
                  <option key={l} value={l}>
                    {l === 'en' ? 'English' : '简体中文'}
                  </option>
                ))}
              </select>
            </div>
            {field('timezone', t('robotZone'), (inputId, note, invalid) => <input id={inputId} value={draft.timezone} spellCheck={false} aria-describedby={note} aria-invalid={invalid} placeholder="Asia/Shanghai" onChange={(e) => set('timezone', e.target.value)} />, t('robotZoneHint'))}
          </div>
          <fieldset className="chips-field">
            <legend>{t('kinds')}</legend>
            <div className="chips">
              {NOTICE_KINDS.map((k) => (
                <label key={k} className={`chip${draft.kinds.includes(k) ? ' on' : ''}`}>
                  <input
                    type="checkbox"
                    className="sr-only"
                    checked={draft.kinds.includes(k)}
                    onChange={(e) => set('kinds', e.target.checked ? NOTICE_KINDS.filter((x) => x === k || draft.kinds.includes(x)) : draft.kinds.filter((x) => x !== k))}
                  />
                  {t(`kind.${k}`)}
                </label>
              ))}
            </div>
            {errorOf('kinds') && <span className="field-error">{errorOf('kinds')}</span>}
          </fieldset>
        </>
      )}
      {draft.channel === 'webhook' &&
        field('events', t('events'), (inputId, note, invalid) => <input id={inputId} value={draft.events} spellCheck={false} aria-describedby={note} aria-invalid={invalid} onChange={(e) => set('events', e.target.value)} />, t('eventsHint'))}
      <label className="check">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => set('enabled', e.target.checked)} />
        {t('enabled')}
      </label>
      {rest && <ProblemBanner problem={rest} title={t('saveFailed')} onDismiss={() => setProblem(undefined)} />}
      <div className="row">
        <button type="submit" className="btn primary" disabled={busy}>
          {busy ? t('saving') : editing ? t('save') : t('addConfig')}
        </button>
        {onCancel && (
          <button type="button" className="btn ghost" onClick={onCancel}>
            {t('cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
