import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays } from '../../../../electron/domain/calendar.ts';
import { storeDate } from '../../../../electron/domain/promotions.ts';
import { Field } from '../../components/Field.tsx';

/**
 * The day's reconciliation (one row per store and lender) as the CSV HQ makes, for finance
 * operations to check against each lender's statement. A plain link: the browser downloads HQ's
 * answer under the name HQ gives it, with the session cookie; only roles that may read credit see it.
 */
export function Reconciliation() {
  const { t } = useTranslation();
  // Yesterday's store day: today's is still being sold.
  const [date, setDate] = useState(() => addDays(storeDate(Date.now()), -1));
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date);
  return (
    <section className="panel" aria-labelledby="figures-reconciliation-title">
      <h2 id="figures-reconciliation-title">{t('figures.reconciliation.title')}</h2>
      <p className="muted">{t('figures.reconciliation.about')}</p>
      <div className="inline-form">
        <Field label={t('figures.reconciliation.date')}>{(id) => <input id={id} type="date" value={date} required onChange={(e) => setDate(e.target.value)} />}</Field>
        {valid ? (
          <a className="button button--primary figures-download" href={`/v1/admin/reconciliation?date=${date}`} download={`reconciliation-${date}.csv`}>
            {t('figures.reconciliation.download', { date })}
          </a>
        ) : (
          <p className="note note--error" role="alert">
            {t('figures.reconciliation.noDate')}
          </p>
        )}
      </div>
    </section>
  );
}
