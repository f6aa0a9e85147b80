import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { RINGS } from '../../../../electron/contract/fleet.ts';
import { RolloutActionRequest, RolloutResponse, type RolloutSummary } from '../../../server/release-schemas.ts';
import type { ApiError } from '../../api/client.ts';
import { useApi } from '../../app/session.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNote } from '../../components/LoadState.tsx';
import { Field } from '../../components/Field.tsx';

type Rollout = z.infer<typeof RolloutSummary>;
type Action = 'halt' | 'resume' | 'advance';

/** Which state each action applies to (hq/releases.ts actOnRollout refuses the others). */
const APPLIES: Record<Action, Rollout['state']> = { halt: 'running', resume: 'halted', advance: 'running' };

/**
 * Store IT's hand on a rollout, each behind a question: halt asks why (the reason is recorded and
 * shown on the rollout), resume says the failures so far will be accepted, advance says which
 * ring gets the release now.
 */
export function RolloutActions({ rollout, onChanged }: { rollout: Rollout; onChanged: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [asking, setAsking] = useState<Action | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [invalid, setInvalid] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: true; action: Action } | { ok: false; error: ApiError } | null>(null);

  const open = (action: Action) => {
    setReason('');
    setInvalid(false);
    setOutcome(null);
    setAsking(action);
  };

  const act = async (action: Action) => {
    const trimmed = reason.trim();
    const body = RolloutActionRequest.safeParse(trimmed === '' ? {} : { reason: trimmed });
    if (!body.success || (action === 'halt' && trimmed === '')) {
      setInvalid(true);
      return;
    }
    setBusy(true);
    const result = await api.send('POST', `/v1/admin/rollouts/${rollout.id}/${action}`, RolloutResponse, body.data);
    setBusy(false);
    setAsking(null);
    setOutcome(result.ok ? { ok: true, action } : { ok: false, error: result.error });
    // A refusal (it changed meanwhile) also shows the rollout as it is now.
    onChanged();
  };

  const nextRing = RINGS[rollout.stage + 1] ?? null;
  return (
    <div className="actions">
      <div className="actions__buttons">
        {(['halt', 'resume', 'advance'] as const).map((action) => (
          <button
            key={action}
            type="button"
            className={action === 'halt' ? 'button button--danger' : 'button'}
            disabled={rollout.state !== APPLIES[action]}
            onClick={() => open(action)}
          >
            {t(`rollouts.actions.${action}`)}
          </button>
        ))}
      </div>
      {outcome?.ok && (
        <p className="note note--ok" role="status">
          {t(`rollouts.actions.done.${outcome.action}`, { id: rollout.id })}
        </p>
      )}
      {outcome && !outcome.ok && <ErrorNote error={outcome.error} />}
      {asking && (
        <Dialog
          title={t(`rollouts.actions.ask.${asking}.title`, { id: rollout.id, version: rollout.version })}
          description={
            asking === 'advance' && nextRing === null
              ? t('rollouts.actions.ask.advance.last')
              : t(`rollouts.actions.ask.${asking}.body`, { next: nextRing === null ? '' : t(`rings.${nextRing}`) })
          }
          confirm={t(`rollouts.actions.${asking}`)}
          busy={busy}
          onConfirm={() => void act(asking)}
          onCancel={() => setAsking(null)}
        >
          <Field label={asking === 'halt' ? t('rollouts.actions.reasonRequired') : t('rollouts.actions.reasonOptional')}>
            {(id) => (
              <textarea
                id={id}
                value={reason}
                maxLength={200}
                rows={3}
                aria-required={asking === 'halt'}
                aria-invalid={invalid}
                aria-describedby={invalid ? 'reason-invalid' : undefined}
                onChange={(e) => {
                  setReason(e.target.value);
                  setInvalid(false);
                }}
              />
            )}
          </Field>
          {invalid && (
            <p className="note note--error" id="reason-invalid" role="alert">
              {t('rollouts.actions.reasonMissing')}
            </p>
          )}
        </Dialog>
      )}
    </div>
  );
}
