import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ChallengerRequest, ModelPublished } from '../../../server/model-schemas.ts';
import type { ApiError } from '../../api/client.ts';
import { useApi } from '../../app/session.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { Field } from '../../components/Field.tsx';
import { ErrorNote } from '../../components/LoadState.tsx';

type Problem = 'file' | 'share';

/**
 * Publish a challenger: a decision model file (as the publishing page takes one: version, manifest,
 * graph), the scope whose champion it runs beside, and the share of applications it sees. HQ
 * checks the file as it checks any model; kiosks pull it with their next sync.
 */
export function ChallengerForm({ scopes, scopeName, onPublished }: { scopes: string[]; scopeName: (scope: string) => string; onPublished: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [scope, setScope] = useState('all');
  const [share, setShare] = useState('10');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [asking, setAsking] = useState<ReturnType<typeof ChallengerRequest.parse> | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: true; data: ReturnType<typeof ModelPublished.parse> } | { ok: false; error: ApiError } | null>(null);
  const reads = useRef(0);

  const choose = (chosen: File | undefined) => {
    setOutcome(null);
    setProblem(null);
    const read = ++reads.current;
    if (!chosen) return setFile(null);
    void chosen.text().then((text) => {
      if (read === reads.current) setFile({ name: chosen.name, text });
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setOutcome(null);
    if (!file) return setProblem('file');
    const request = ChallengerRequest.safeParse({ scope, body: file.text, sharePercent: Number(share) });
    if (!request.success || !/^\d+$/.test(share.trim())) return setProblem('share');
    setAsking(request.data);
  };

  const publish = async (request: ReturnType<typeof ChallengerRequest.parse>) => {
    setBusy(true);
    const result = await api.send('POST', '/v1/admin/models/challenger', ModelPublished, request);
    setBusy(false);
    setAsking(null);
    setOutcome(result.ok ? { ok: true, data: result.data } : { ok: false, error: result.error });
    if (result.ok) onPublished();
  };

  return (
    <section className="panel" aria-labelledby="challenger-form">
      <h2 id="challenger-form">{t('models.form.title')}</h2>
      <form className="challenger-form" onSubmit={submit} noValidate>
        <div className="inline-form">
          <Field label={t('models.form.file')} className="field--grow">
            {(id) => (
              <input
                id={id}
                type="file"
                accept=".json,application/json"
                aria-invalid={problem === 'file'}
                aria-describedby="challenger-file-help"
                onChange={(e) => choose(e.target.files?.[0])}
              />
            )}
          </Field>
          <Field label={t('models.form.scope')}>
            {(id) => (
              <select id={id} value={scope} onChange={(e) => setScope(e.target.value)}>
                {scopes.map((s) => (
                  <option key={s} value={s}>
                    {scopeName(s)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('models.form.share')}>
            {(id) => (
              <input
                id={id}
                type="number"
                inputMode="numeric"
                min={1}
                max={100}
                step={1}
                value={share}
                aria-invalid={problem === 'share'}
                onChange={(e) => {
                  setShare(e.target.value);
                  setProblem(null);
                }}
              />
            )}
          </Field>
        </div>
        <p className="muted" id="challenger-file-help">
          {t('models.form.help')}
        </p>
        {problem && (
          <p className="note note--error" role="alert">
            {t(`models.form.problems.${problem}`)}
          </p>
        )}
        <div className="actions__buttons">
          <button type="submit" className="button button--primary">
            {t('models.form.submit')}
          </button>
        </div>
      </form>
      {outcome?.ok && (
        <p className="note note--ok" role="status">
          {t('models.form.done', { version: outcome.data.version, challenger: outcome.data.challenger?.version ?? '', share: outcome.data.challenger?.sharePercent ?? 0, scope: scopeName(outcome.data.scope) })}
        </p>
      )}
      {outcome && !outcome.ok && <ErrorNote error={outcome.error} />}
      {asking && (
        <Dialog
          title={t('models.form.ask.title')}
          description={t('models.form.ask.body', { name: file?.name ?? '', scope: scopeName(asking.scope), share: asking.sharePercent })}
          confirm={t('models.form.submit')}
          busy={busy}
          onConfirm={() => void publish(asking)}
          onCancel={() => setAsking(null)}
        />
      )}
    </section>
  );
}
