import { COMMAND_KINDS, RemoteSetting, type CommandKind, type RemoteSettingKey } from '../../../../electron/contract/fleet-commands.ts';
import { IssueCommandRequest } from '../../../server/command-schemas.ts';

/**
 * The command form's state and the request it makes, checked with HQ's own schema before it is
 * sent (the same bounds HQ applies), so a value out of range is said at the field, not by HQ.
 */
export { COMMAND_KINDS };
export type { CommandKind, RemoteSettingKey };

export const SETTING_KEYS = RemoteSetting.options.map((o) => o.shape.key.value);

export interface CommandForm {
  kind: CommandKind;
  sinceMinutes: string;
  setting: RemoteSettingKey;
  value: string;
  /** set_config back to the kiosk's own configuration (value null). */
  useDefault: boolean;
}
export const EMPTY_FORM: CommandForm = { kind: 'sync_now', sinceMinutes: '60', setting: 'logLevel', value: 'info', useDefault: false };

export type SettingInput = { kind: 'number'; min: number; max: number } | { kind: 'choice'; options: readonly string[] };

/** What a setting takes, read off the contract's schema (numbers with their bounds, or a choice). */
export function settingInput(key: RemoteSettingKey): SettingInput {
  const option = RemoteSetting.options.find((o) => o.shape.key.value === key)!;
  const inner = option.shape.value.unwrap();
  if (inner.type === 'enum') return { kind: 'choice', options: inner.options };
  return { kind: 'number', min: inner.minValue ?? 0, max: inner.maxValue ?? Number.MAX_SAFE_INTEGER };
}

export type Built = { ok: true; body: IssueCommandRequest } | { ok: false; field: 'sinceMinutes' | 'value' };

export function buildRequest(form: CommandForm): Built {
  let candidate: unknown;
  if (form.kind === 'collect_logs') {
    candidate = { kind: form.kind, args: { sinceMinutes: Number(form.sinceMinutes) } };
  } else if (form.kind === 'set_config') {
    const input = settingInput(form.setting);
    const value = form.useDefault ? null : input.kind === 'number' ? (form.value.trim() === '' ? Number.NaN : Number(form.value)) : form.value;
    candidate = { kind: form.kind, args: { key: form.setting, value } };
  } else {
    candidate = { kind: form.kind, args: {} };
  }
  const parsed = IssueCommandRequest.safeParse(candidate);
  if (parsed.success) return { ok: true, body: parsed.data };
  return { ok: false, field: form.kind === 'collect_logs' ? 'sinceMinutes' : 'value' };
}
