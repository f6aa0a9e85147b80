import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { formatFen } from '../../../../electron/domain/money.ts';
import { EscalationDetailResponse } from '../../../server/admin-schemas.ts';
import { useQuery } from '../../api/use-query.ts';
import { formatTime } from '../../components/format.ts';
import { ErrorNote } from '../../components/LoadState.tsx';
import { DecideForm } from './DecideForm.tsx';
import { detailPath, flatten, label, leftTheList, reference, showValue, type Outcome, type ReviewKey } from './review-view.ts';

type Detail = z.infer<typeof EscalationDetailResponse>;

/**
 * One escalation opened: the application (amounts, plan, who sent it up and why), the model's
 * decision with its reasons and signals, its input and its trace node by node, and the form that
 * decides it. Its heading takes focus when it opens, so a screen reader follows the click.
 */
export function ReviewDetail({ review, canDecide, onClose }: { review: ReviewKey; canDecide: boolean; onClose: (outcome: Outcome | null) => void }) {
  const { t } = useTranslation();
  const [detail, reload] = useQuery(detailPath(review), EscalationDetailResponse);
  const ref = reference(review.applicationId);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  const gone = detail.state === 'error' ? leftTheList(detail.error) : null;
  useEffect(() => {
    // Decided elsewhere since the list was fetched: the list is asked again and says so.
    if (gone) onClose({ ...review, kind: gone });
  }, [gone, onClose, review]);
  return (
    <section className="panel review" aria-labelledby="review-title">
      <div className="panel__head">
        <h2 id="review-title" ref={heading} tabIndex={-1} className="page__title">
          {t('reviews.detail.title', { ref })}
        </h2>
        <button type="button" className="button button--quiet" onClick={() => onClose(null)}>
          {t('reviews.close')}
        </button>
      </div>
      {detail.state === 'loading' && (
        <p className="note note--loading" role="status">
          {t('common.loading', { what: t('reviews.detail.loading') })}
        </p>
      )}
      {detail.state === 'error' && !gone && <ErrorNote error={detail.error} onRetry={reload} />}
      {detail.state === 'ready' && (
        <>
          <Facts detail={detail.data} />
          <div className="columns">
            <ModelDecision detail={detail.data} />
            {canDecide ? (
              <DecideForm review={review} onDecided={onClose} />
            ) : (
              <p className="note">{t('reviews.decide.notAllowed')}</p>
            )}
          </div>
          <Trace detail={detail.data} />
          <Input input={detail.data.input} />
        </>
      )}
    </section>
  );
}

function Facts({ detail }: { detail: Detail }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const { escalation: e, application: a } = detail;
  const staffReasons = t('reviews.staffReason', { returnObjects: true });
  const facts: Array<[string, string]> = [
    [t('reviews.detail.store'), e.storeId],
    [t('reviews.detail.kiosk'), e.kioskId],
    [t('reviews.detail.amount'), formatFen(e.requestedAmountFen)],
    [t('reviews.detail.term'), t('reviews.months', { count: e.termMonths })],
    [t('reviews.detail.monthly'), a.monthlyPaymentFen === null ? '—' : formatFen(a.monthlyPaymentFen)],
    [t('reviews.detail.product'), `${a.financeProductId} / ${a.lenderId}`],
    [t('reviews.detail.appliedAt'), formatTime(a.appliedAt, locale)],
    [t('reviews.detail.escalatedAt'), formatTime(e.escalatedAt, locale)],
    [t('reviews.detail.escalatedBy'), t('reviews.staff', { id: e.staffId })],
    [t('reviews.detail.staffReason'), label(staffReasons, e.reason)],
    [
      t('reviews.detail.idCard'),
      e.assistedBy === null ? t('reviews.detail.notAssisted') : `${t('reviews.assisted', { id: e.assistedBy })} · ${a.idCardSeen ? t('reviews.detail.idCardSeen') : t('reviews.detail.idCardNotSeen')}`,
    ],
  ];
  return (
    <section aria-labelledby="review-facts-title" className="review__facts">
      <h3 id="review-facts-title">{t('reviews.detail.facts')}</h3>
      <dl className="facts">
        {facts.map(([term, value]) => (
          <div key={term} className="facts__item">
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">{t('reviews.detail.privacy')}</p>
    </section>
  );
}

function ModelDecision({ detail }: { detail: Detail }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const d = detail.decision;
  const reasons = t('reviews.reason', { returnObjects: true });
  const signals = t('reviews.signal', { returnObjects: true });
  const outcomes = t('reviews.outcome', { returnObjects: true });
  return (
    <section className="panel panel--inner" aria-labelledby="review-model-title">
      <h3 id="review-model-title">{t('reviews.model.title')}</h3>
      {d === null ? (
        <p className="note">{t('reviews.model.none')}</p>
      ) : (
        <>
          <dl className="facts facts--two">
            <div className="facts__item">
              <dt>{t('reviews.model.outcome')}</dt>
              <dd>
                <strong>{label(outcomes, d.outcome)}</strong>
                {d.offline && ` · ${t('reviews.model.offline')}`}
              </dd>
            </div>
            <div className="facts__item">
              <dt>{t('reviews.model.decidedBy')}</dt>
              <dd>{t(`reviews.model.by.${d.decidedBy}`)}</dd>
            </div>
            <div className="facts__item">
              <dt>{t('reviews.model.score')}</dt>
              <dd>{d.score}</dd>
            </div>
            <div className="facts__item">
              <dt>{t('reviews.model.limit')}</dt>
              <dd>{formatFen(d.limitFen)}</dd>
            </div>
            <div className="facts__item">
              <dt>{t('reviews.model.version')}</dt>
              <dd className="mono">{d.modelVersion}</dd>
            </div>
            <div className="facts__item">
              <dt>{t('reviews.model.decidedAt')}</dt>
              <dd>{formatTime(d.decidedAt, locale)}</dd>
            </div>
          </dl>
          <CodeList title={t('reviews.model.signals')} codes={d.signals} table={signals} />
          <CodeList title={t('reviews.model.reasons')} codes={d.reasons} table={reasons} />
        </>
      )}
    </section>
  );
}

function CodeList({ title, codes, table }: { title: string; codes: readonly string[]; table: unknown }) {
  const { t } = useTranslation();
  return (
    <div className="codes">
      <h4>{title}</h4>
      {codes.length === 0 ? (
        <p className="muted">{t('reviews.model.noneListed')}</p>
      ) : (
        <ul>
          {codes.map((code) => (
            <li key={code}>
              {label(table, code)} <code className="muted">{code}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The model's path: one collapsible step per node, in the order it ran; the first opens by itself where a rule matched. */
function Trace({ detail }: { detail: Detail }) {
  const { t } = useTranslation();
  const [allOpen, setAllOpen] = useState<boolean | null>(null);
  const { trace, traceMissing, decision } = detail;
  return (
    <section className="panel panel--inner" aria-labelledby="review-trace-title">
      <div className="panel__head">
        <h3 id="review-trace-title">{t('reviews.trace.title')}</h3>
        {trace && trace.length > 0 && (
          <button type="button" className="button button--quiet" onClick={() => setAllOpen(!(allOpen ?? false))}>
            {allOpen ? t('reviews.trace.collapseAll') : t('reviews.trace.expandAll')}
          </button>
        )}
      </div>
      {trace === null ? (
        <p className="note">{t(`reviews.trace.missing.${traceMissing ?? 'no_input'}`)}</p>
      ) : (
        <>
          <p className="muted">{t('reviews.trace.intro', { version: decision?.modelVersion ?? '' })}</p>
          <ol className="trace">
            {trace.map((step, i) => (
              <TraceStep key={step.node} n={i + 1} step={step} open={allOpen ?? step.rules.length > 0} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function TraceStep({ n, step, open }: { n: number; step: NonNullable<Detail['trace']>[number]; open: boolean }) {
  const { t } = useTranslation();
  const rows = flatten(step.output);
  return (
    <li>
      {/* Keyed on `open` so "expand all" reaches steps a person toggled by hand too. */}
      <details key={String(open)} open={open} className="trace__step">
        <summary>
          <span className="trace__node">{t('reviews.trace.step', { n, node: step.node })}</span>
          <span className="muted">{step.rules.length > 0 ? t('reviews.trace.rules', { count: step.rules.length }) : t('reviews.trace.noRules')}</span>
        </summary>
        <div className="trace__body">
          {step.rules.length > 0 && (
            <p>
              {t('reviews.trace.ruleList')}
              {step.rules.map((rule) => (
                <code key={rule} className="trace__rule">
                  {rule}
                </code>
              ))}
            </p>
          )}
          {rows.length === 0 ? (
            <p className="muted">{t('reviews.trace.noOutput')}</p>
          ) : (
            <table className="table table--compact" aria-label={t('reviews.trace.output')}>
              <tbody>
                {rows.map(([path, value]) => (
                  <tr key={path}>
                    <th scope="row" className="mono">
                      {path}
                    </th>
                    <td className="mono">{showValue(path, value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </details>
    </li>
  );
}

function Input({ input }: { input: Detail['input'] }) {
  const { t } = useTranslation();
  const rows = input === null ? [] : flatten(input);
  return (
    <section className="panel panel--inner" aria-labelledby="review-input-title">
      <h3 id="review-input-title">{t('reviews.input.title')}</h3>
      {input === null ? (
        <p className="note">{t('reviews.input.none')}</p>
      ) : (
        <details>
          <summary>{t('reviews.input.summary', { count: rows.length })}</summary>
          <table className="table table--compact">
            <thead>
              <tr>
                <th scope="col">{t('reviews.input.field')}</th>
                <th scope="col">{t('reviews.input.value')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([path, value]) => (
                <tr key={path}>
                  <th scope="row" className="mono">
                    {path}
                  </th>
                  <td className="mono">{showValue(path, value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}
