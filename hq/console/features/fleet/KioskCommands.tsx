import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { CommandsResponse, IssueCommandResponse } from '../../../server/command-schemas.ts';
import type { ApiError } from '../../api/client.ts';
import { useQuery } from '../../api/use-query.ts';
import { useApi, useMay } from '../../app/session.tsx';
import { formatAgo, formatTime } from '../../components/format.ts';
import { Field } from '../../components/Field.tsx';
import { ErrorNote, Loaded } from '../../components/LoadState.tsx';
import { RefreshButton } from '../../components/RefreshButton.tsx';
import { useNow } from '../../components/use-now.ts';
import { buildRequest, COMMAND_KINDS, EMPTY_FORM, SETTING_KEYS, settingInput, type CommandForm, type CommandKind, type RemoteSettingKey } from './command-form.ts';

type Command = z.infer<typeof CommandsResponse>['commands'][number];

/**
 * A kiosk's remote commands, newest first, and (store IT) a form to send one. A command waits in
 * HQ until the kiosk pulls; the list refreshes every half minute to show it delivered and done.
 */
export function KioskCommands({ kioskId, revoked }: { kioskId: string; revoked: boolean }) {
  const { t } = useTranslation();
  const may = useMay();
  const path = `/v1/admin/kiosks/${encodeURIComponent(kioskId)}/commands?limit=50`;
  const [commands, reload] = useQuery(path, CommandsResponse, { refreshEveryMs: 30_000 });
  return (
    <section className="panel" aria-labelledby="commands-title">
      <div className="panel__head">
        <h2 id="commands-title">{t('commands.title')}</h2>
        <RefreshButton value={commands} onRefresh={reload} />
      </div>
      {may('fleet:write') && !revoked && <IssueCommand kioskId={kioskId} onIssued={reload} />}
      {may('fleet:write') && revoked && <p className="note">{t('commands.revoked')}</p>}
      <Loaded value={commands} onRetry={reload} label={t('commands.title')}>
        {(data) => <CommandList kioskId={kioskId} commands={data.commands} showLogs={may('fleet:write')} />}
      </Loaded>
    </section>
  );
}

function CommandList({ kioskId, commands, showLogs }: { kioskId: string; commands: Command[]; showLogs: boolean }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const locale = i18n.language;
  if (commands.length === 0) return <p className="note">{t('commands.none')}</p>;
  return (
    <table className="table">
      <caption className="visually-hidden">{t('commands.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('commands.columns.issued')}</th>
          <th scope="col">{t('commands.columns.command')}</th>
          <th scope="col">{t('commands.columns.state')}</th>
          <th scope="col">{t('commands.columns.by')}</th>
          <th scope="col">{t('commands.columns.result')}</th>
        </tr>
      </thead>
      <tbody>
        {commands.map((c) => (
          <tr key={c.commandId}>
            <td title={formatTime(c.issuedAt, locale)}>{formatAgo(c.issuedAt, now, locale)}</td>
            <td>{describe(c, t)}</td>
            <td>
              <span className={`badge badge--command-${c.state}`}>{t(`commands.state.${c.state}`)}</span>
            </td>
            <td>{c.issuedBy}</td>
            <td>
              {resultOf(c)}
              {showLogs && c.logs && (
                <>
                  {' '}
                  <a href={`/v1/admin/kiosks/${encodeURIComponent(kioskId)}/commands/${c.commandId}/logs`} target="_blank" rel="noopener">
                    {t('commands.logs', { lines: c.logs.lines })}
                  </a>
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The command in words: its kind, and its arguments where it has any. */
function describe(c: Command, t: TFunction): string {
  const kind = t(`commands.kinds.${c.kind}`);
  if (c.kind === 'set_config') {
    const value = c.args.value === null ? t('commands.defaultValue') : String(c.args.value);
    return `${kind}: ${String(c.args.key)} = ${value}`;
  }
  if (c.kind === 'collect_logs') return `${kind} (${t('commands.sinceMinutes', { minutes: Number(c.args.sinceMinutes) })})`;
  return kind;
}

/** What the kiosk said: the reason it gave, or its result's figures (counts and codes only). */
function resultOf(c: Command): string {
  if (c.reason) return c.reason;
  if (!c.result) return '';
  return Object.entries(c.result)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(', ');
}

function IssueCommand({ kioskId, onIssued }: { kioskId: string; onIssued: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const [form, setForm] = useState<CommandForm>(EMPTY_FORM);
  const [invalid, setInvalid] = useState<'sinceMinutes' | 'value' | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: true; kind: CommandKind } | { ok: false; error: ApiError } | null>(null);
  const input = settingInput(form.setting);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const built = buildRequest(form);
    if (!built.ok) {
      setInvalid(built.field);
      setOutcome(null);
      return;
    }
    setInvalid(null);
    setBusy(true);
    setOutcome(null);
    const result = await api.send('POST', `/v1/admin/kiosks/${encodeURIComponent(kioskId)}/commands`, IssueCommandResponse, built.body);
    setBusy(false);
    setOutcome(result.ok ? { ok: true, kind: form.kind } : { ok: false, error: result.error });
    if (result.ok) onIssued();
  };

  const chooseSetting = (setting: RemoteSettingKey) => {
    const next = settingInput(setting);
    setForm({ ...form, setting, value: next.kind === 'choice' ? (next.options[0] ?? '') : String(next.min) });
  };

  return (
    // noValidate: the bounds are checked with the contract's schema and said in the page's language.
    <form className="command-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>{t('commands.send.title')}</h3>
      <div className="command-form__fields">
        <Field label={t('commands.send.kind')}>
          {(fieldId) => (
            <select id={fieldId} value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as CommandKind })}>
              {COMMAND_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`commands.kinds.${kind}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {form.kind === 'collect_logs' && (
          <Field label={t('commands.send.sinceMinutes')}>
            {(fieldId) => (
              <input
                id={fieldId}
                type="number"
                inputMode="numeric"
                min={1}
                max={7 * 24 * 60}
                value={form.sinceMinutes}
                aria-invalid={invalid === 'sinceMinutes'}
                aria-describedby={invalid === 'sinceMinutes' ? `${id}-invalid` : undefined}
                onChange={(e) => setForm({ ...form, sinceMinutes: e.target.value })}
              />
            )}
          </Field>
        )}
        {form.kind === 'set_config' && (
          <>
            <Field label={t('commands.send.setting')}>
              {(fieldId) => (
                <select id={fieldId} value={form.setting} onChange={(e) => chooseSetting(e.target.value as RemoteSettingKey)}>
                  {SETTING_KEYS.map((key) => (
                    <option key={key} value={key}>
                      {t(`commands.settings.${key}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={input.kind === 'number' ? t('commands.send.valueRange', { min: input.min, max: input.max }) : t('commands.send.value')}>
              {(fieldId) =>
                input.kind === 'number' ? (
                  <input
                    id={fieldId}
                    type="number"
                    inputMode="numeric"
                    min={input.min}
                    max={input.max}
                    value={form.value}
                    disabled={form.useDefault}
                    aria-invalid={invalid === 'value'}
                    aria-describedby={invalid === 'value' ? `${id}-invalid` : undefined}
                    onChange={(e) => setForm({ ...form, value: e.target.value })}
                  />
                ) : (
                  <select id={fieldId} value={form.value} disabled={form.useDefault} onChange={(e) => setForm({ ...form, value: e.target.value })}>
                    {input.options.map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </select>
                )
              }
            </Field>
            <label className="check">
              <input type="checkbox" checked={form.useDefault} onChange={(e) => setForm({ ...form, useDefault: e.target.checked })} />
              <span>{t('commands.send.useDefault')}</span>
            </label>
          </>
        )}
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('common.working') : t('commands.send.submit')}
        </button>
      </div>
      <p className="muted">{t(`commands.help.${form.kind}`)}</p>
      {invalid && (
        <p className="note note--error" id={`${id}-invalid`} role="alert">
          {invalid === 'sinceMinutes' ? t('commands.send.badMinutes') : t('commands.send.badValue')}
        </p>
      )}
      {outcome?.ok && (
        <p className="note note--ok" role="status">
          {t('commands.send.sent', { kind: t(`commands.kinds.${outcome.kind}`) })}
        </p>
      )}
      {outcome && !outcome.ok && <ErrorNote error={outcome.error} />}
    </form>
  );
}
