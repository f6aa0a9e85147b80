import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client.ts';
import type { Loadable } from '../api/use-query.ts';

/** What an ApiError means to the person at the console, in their language. */
export function useErrorText(): (error: ApiError) => string {
  const { t } = useTranslation();
  return (error) => {
    switch (error.kind) {
      case 'forbidden':
        return t('errors.forbidden');
      case 'unauthenticated':
        return t('errors.sessionEnded');
      case 'network':
        return t('errors.network');
      case 'server':
        return t('errors.server', { status: error.status });
      case 'unexpected':
        return t('errors.unexpected');
      case 'refused':
        return t('errors.refused', { message: error.message });
      case 'bad-credentials':
        return t('signIn.badCredentials');
      case 'locked':
        return t('signIn.locked', { minutes: Math.max(1, Math.ceil(error.retryAfterS / 60)) });
    }
  };
}

/** A failure, said in words, with a way to try again. */
export function ErrorNote({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useTranslation();
  const text = useErrorText();
  return (
    <div className="note note--error" role="alert">
      <span>{text(error)}</span>
      {onRetry && error.kind !== 'forbidden' && (
        <button type="button" className="button button--quiet" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

/**
 * The loading and error states every section shares; `children` draws the data. A refresh that
 * failed keeps what was shown and says it may be out of date.
 */
export function Loaded<T>({ value, onRetry, label, children }: { value: Loadable<T>; onRetry: () => void; label: string; children: (data: T) => ReactNode }) {
  const { t } = useTranslation();
  if (value.state === 'loading') {
    return (
      <p className="note note--loading" role="status">
        {t('common.loading', { what: label })}
      </p>
    );
  }
  if (value.state === 'error') return <ErrorNote error={value.error} onRetry={onRetry} />;
  return (
    <>
      {value.failed && <ErrorNote error={value.failed} onRetry={onRetry} />}
      {children(value.data)}
    </>
  );
}
