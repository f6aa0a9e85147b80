import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ModelPublished, type ModelsResponse } from '../../../server/model-schemas.ts';
import type { ApiError } from '../../api/client.ts';
import { useApi } from '../../app/session.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNote } from '../../components/LoadState.tsx';

type Action = 'promote' | 'withdraw';

/** Promote a scope's challenger to champion, or withdraw it: each publishes the scope's models anew, after a question. */
export function ScopeActions({
  scope,
  scopeName,
  champion,
  challenger,
  onChanged,
}: {
  scope: string;
  scopeName: string;
  champion: string;
  challenger: NonNullable<ModelsResponse['scopes'][number]['challenger']>;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [asking, setAsking] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const act = async (action: Action) => {
    setBusy(true);
    setError(null);
    const result = await api.send('POST', `/v1/admin/models/${action}`, ModelPublished, { scope });
    setBusy(false);
    setAsking(null);
    if (!result.ok) setError(result.error);
    // Done or refused (it changed meanwhile): the table shows the scope as it is now.
    onChanged();
  };

  const names = { scope: scopeName, champion, challenger: challenger.version };
  return (
    <div className="actions">
      <div className="actions__buttons">
        <button type="button" className="button button--primary" onClick={() => setAsking('promote')} aria-label={t('models.actions.promoteLabel', names)}>
          {t('models.actions.promote')}
        </button>
        <button type="button" className="button" onClick={() => setAsking('withdraw')} aria-label={t('models.actions.withdrawLabel', names)}>
          {t('models.actions.withdraw')}
        </button>
      </div>
      {error && <ErrorNote error={error} />}
      {asking && (
        <Dialog
          title={t(`models.actions.ask.${asking}.title`, names)}
          description={t(`models.actions.ask.${asking}.body`, names)}
          confirm={t(`models.actions.${asking}`)}
          busy={busy}
          onConfirm={() => void act(asking)}
          onCancel={() => setAsking(null)}
        />
      )}
    </div>
  );
}
