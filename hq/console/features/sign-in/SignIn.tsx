import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client.ts';
import { SessionAnswer } from '../../api/schemas.ts';
import { useApi } from '../../app/session.tsx';
import { useErrorText } from '../../components/LoadState.tsx';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { Field } from '../../components/Field.tsx';

/**
 * Sign-in for HQ users. A wrong pair and a locked account are told apart (HQ says which, and how
 * long the lock lasts); the password field is emptied after a failure, the name kept.
 */
export function SignIn({ ended, onSignedIn }: { ended: boolean; onSignedIn: (answer: SessionAnswer) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const result = await api.send('POST', '/v1/console/session', SessionAnswer, { username: username.trim(), password });
    setBusy(false);
    if (result.ok) {
      onSignedIn(result.data);
      return;
    }
    setPassword('');
    setError(result.error);
  };

  return (
    <main className="centre sign-in">
      <form className="card card--narrow" onSubmit={submit} aria-labelledby="sign-in-title">
        <div className="card__top">
          <h1 id="sign-in-title">{t('signIn.title')}</h1>
          <LanguageSwitch />
        </div>
        <p className="muted">{t('signIn.intro')}</p>
        {ended && !error && (
          <p className="note" role="status">
            {t('signIn.ended')}
          </p>
        )}
        <Field label={t('signIn.username')}>
          {(id) => <input id={id} name="username" autoComplete="username" required maxLength={64} value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />}
        </Field>
        <Field label={t('signIn.password')}>
          {(id) => (
            <input id={id} name="password" type="password" autoComplete="current-password" required maxLength={256} value={password} onChange={(e) => setPassword(e.target.value)} />
          )}
        </Field>
        {error && (
          <p className="note note--error" role="alert">
            {errorText(error)}
          </p>
        )}
        <button type="submit" className="button button--primary button--wide" disabled={busy}>
          {busy ? t('signIn.signingIn') : t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
