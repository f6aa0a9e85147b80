import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Purchase } from '../../../electron/contract/cart.ts';
import type { Offer } from '../../../electron/contract/finance.ts';
import type { Navigate } from '../../app/navigation.ts';
import { useShopper } from '../../app/shopper.tsx';
import { STEPS } from './application-form.ts';
import { AboutStep } from './steps/AboutStep.tsx';
import { ConsentsStep } from './steps/ConsentsStep.tsx';
import { IdentityKeyboard, IdentityStep } from './steps/IdentityStep.tsx';
import { PlanStep } from './steps/PlanStep.tsx';
import { ReviewStep } from './steps/ReviewStep.tsx';
import { useApplicationForm } from './use-application-form.ts';
import { LivenessCheck } from '../face/LivenessCheck.tsx';

/** The shopper's installment application: one screen, its steps in a row, a decision at the end. */
export function ApplyScreen({ purchase, initialOffer, navigate }: { purchase: Purchase; initialOffer: Offer; navigate: Navigate }) {
  const { t } = useTranslation();
  const { sessionId } = useShopper();
  const form = useApplicationForm({
    sessionId,
    purchase,
    initialOffer,
    onDecided: (application) => navigate({ type: 'advance', screen: { name: 'decision', application, purchase } }),
  });
  const { step, index } = form;

  // A new step is announced by moving focus to its heading (not on arrival: the screen title is enough).
  const heading = useRef<HTMLHeadingElement>(null);
  const shownStep = useRef(step);
  useEffect(() => {
    if (shownStep.current === step) return;
    shownStep.current = step;
    heading.current?.focus();
  }, [step]);

  return (
    <section className="apply" aria-labelledby="apply-title">
      <h1 id="apply-title" className="screen-title">
        {t('credit.title')}
      </h1>
      <ol className="steps" aria-label={t('credit.stepsLabel')}>
        {STEPS.map((s, i) => (
          <li key={s} className={i < index ? 'steps__item steps__item--done' : i === index ? 'steps__item steps__item--current' : 'steps__item'} aria-current={s === step ? 'step' : undefined}>
            <span className="steps__n" aria-hidden="true">
              {i < index ? '✓' : i + 1}
            </span>
            <span className="steps__name">{t(`credit.steps.${s}`)}</span>
          </li>
        ))}
      </ol>

      <form
        className="apply__form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          form.next();
        }}
      >
        <p className="apply__step-of">{t('credit.stepOf', { n: index + 1, total: STEPS.length })}</p>
        <h2 ref={heading} tabIndex={-1} className="apply__step-title">
          {t(`credit.steps.${step}`)}
        </h2>

        {step === 'consents' && <ConsentsStep form={form} />}
        {step === 'identity' && <IdentityStep form={form} />}
        {step === 'about' && <AboutStep form={form} />}
        {step === 'plan' && <PlanStep form={form} purchase={purchase} />}
        {step === 'review' && form.offer && form.employment && form.incomeBand && (
          <ReviewStep form={form} offer={form.offer} employment={form.employment} incomeBand={form.incomeBand} />
        )}

        <div className="form-nav">
          {index > 0 && (
            <button type="button" className="secondary-button" onClick={form.previous} disabled={form.submitting}>
              {t('credit.previous')}
            </button>
          )}
          {step === 'review' ? (
            <button type="submit" className="primary-button" disabled={form.submitting} aria-busy={form.submitting}>
              {t('credit.review.submit')}
            </button>
          ) : (
            <button type="submit" className="primary-button" disabled={step === 'consents' && !form.bothConsents}>
              {t('credit.next')}
            </button>
          )}
        </div>

        {step === 'identity' && form.keyboardFor && <IdentityKeyboard form={form} field={form.keyboardFor} />}
      </form>
      {form.checkingFace && <LivenessCheck sessionId={sessionId} onDone={form.submitWithFace} />}
    </section>
  );
}
