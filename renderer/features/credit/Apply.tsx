import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CONSENTS,
  ConsentKind,
  Employment,
  IncomeBand,
  type Purchase,
} from '../../../electron/contract/credit.ts';
import type { ApiError } from '../../../electron/contract/errors.ts';
import type { Offer } from '../../../electron/contract/finance.ts';
import { APPLICANT_NAME_MAX, APPLICANT_NAME_MIN, MOBILE_MAX_LENGTH, RESIDENT_ID_LENGTH } from '../../../electron/contract/limits.ts';
import { checkResidentId, maskMobile, maskResidentId, normaliseMobile } from '../../../electron/domain/identity.ts';
import { formatFen, formatRate } from '../../../electron/domain/money.ts';
import { storeDate } from '../../../electron/domain/promotions.ts';
import { kiosk } from '../../app/kiosk-client.ts';
import { useShopper } from '../../app/shopper.tsx';
import { useApi } from '../../app/use-api.ts';
import type { Navigate } from '../../app/navigation.ts';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { Progress } from '../../components/Progress.tsx';
import { OnScreenKeyboard, type KeyboardMode } from '../../components/OnScreenKeyboard.tsx';
import { langOf } from '../../i18n/index.ts';
import { sameOffer } from '../finance/OffersPanel.tsx';
import { ChoiceGroup, TextField } from './fields.tsx';
import { contractLocale } from './format.ts';
import { PlanFigures } from './PlanFigures.tsx';

const STEPS = ['consents', 'identity', 'about', 'plan', 'review'] as const;
type Step = (typeof STEPS)[number];

const FIELDS = ['name', 'residentId', 'mobile'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;
/** i18n keys, not text: a message shown before a language switch is shown in the new language after it. */
type FieldErrors = Partial<Record<Field, string>>;

const MAX_LENGTH: Record<Field, number> = { name: APPLICANT_NAME_MAX, residentId: RESIDENT_ID_LENGTH, mobile: MOBILE_MAX_LENGTH };
const SERVER_FIELD_CODES = new Set(['ID_FORMAT', 'ID_CHECKSUM', 'ID_BIRTH_DATE', 'MOBILE_FORMAT']);

function checkField(field: Field, value: string): string | null {
  switch (field) {
    case 'name': {
      const length = value.trim().length;
      return length >= APPLICANT_NAME_MIN && length <= APPLICANT_NAME_MAX ? null : 'credit.identity.nameInvalid';
    }
    case 'residentId': {
      const result = checkResidentId(value, storeDate(Date.now()));
      return result.ok ? null : `errors.${result.code}`;
    }
    case 'mobile':
      return normaliseMobile(value) === null ? 'errors.MOBILE_FORMAT' : null;
  }
}

/** People copy an ID from the card in groups and with a lowercase x; the core gets one spelling. */
function tidy(field: Field, value: string): string {
  return field === 'residentId' ? value.replace(/\s/g, '').toUpperCase().slice(0, MAX_LENGTH.residentId) : value.slice(0, MAX_LENGTH[field]);
}

/**
 * The installment application as one screen of steps. The raw ID and mobile number live only in
 * this component's state: the decision screen gets the core's masked copies.
 */
export function ApplyScreen({ purchase, initialOffer, navigate }: { purchase: Purchase; initialOffer: Offer; navigate: Navigate }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const { sessionId } = useShopper();

  const [step, setStep] = useState<Step>('consents');
  const [consents, setConsents] = useState<Record<ConsentKind, boolean>>({ credit_assessment: false, personal_data: false });
  const [consentsOutdated, setConsentsOutdated] = useState(false);
  const [values, setValues] = useState<Values>({ name: '', residentId: '', mobile: '' });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [keyboardFor, setKeyboardFor] = useState<Field | null>(null);
  const [nameKeyboard, setNameKeyboard] = useState<KeyboardMode>(lang === 'zh' ? 'pinyin' : 'latin');
  const [employment, setEmployment] = useState<Employment | null>(null);
  const [incomeBand, setIncomeBand] = useState<IncomeBand | null>(null);
  const [aboutChecked, setAboutChecked] = useState(false);
  const [offer, setOffer] = useState<Offer | null>(initialOffer);
  const [planNotice, setPlanNotice] = useState<'gone' | 'unavailable' | null>(null);
  const [planChecked, setPlanChecked] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<ApiError | null>(null);

  const inputs = useRef<Partial<Record<Field, HTMLInputElement | null>>>({});
  const heading = useRef<HTMLHeadingElement>(null);
  const shownStep = useRef<Step>(step);
  const inFlight = useRef(false);
  const keyboard = useRef<HTMLDivElement>(null);

  // In landscape the keyboard opens below the fold; bring all of it up without moving more than
  // needed, again whenever it grows (the pinyin layout adds a strip for candidates).
  const keyboardOpen = keyboardFor !== null;
  useEffect(() => {
    const element = keyboard.current;
    if (!keyboardOpen || !element) return;
    const observer = new ResizeObserver(() => element.scrollIntoView({ block: 'nearest' }));
    observer.observe(element);
    return () => observer.disconnect();
  }, [keyboardOpen]);

  // A new step is announced by moving focus to its heading (not on arrival: the screen title is enough).
  useEffect(() => {
    if (shownStep.current === step) return;
    shownStep.current = step;
    heading.current?.focus();
  }, [step]);

  const index = STEPS.indexOf(step);
  const goTo = (next: Step) => {
    setKeyboardFor(null);
    setStep(next);
  };

  const setValue = (field: Field, raw: string) => {
    const value = tidy(field, raw);
    setValues((v) => ({ ...v, [field]: value }));
    // A marked field is rechecked as it is corrected: the mark goes the moment it is right, and
    // no new complaint appears halfway through retyping.
    if (fieldErrors[field] && checkField(field, value) === null) setFieldErrors((e) => ({ ...e, [field]: undefined }));
  };

  const leaveField = (field: Field) => {
    if (values[field] === '') return;
    setFieldErrors((e) => ({ ...e, [field]: checkField(field, values[field]) ?? undefined }));
  };

  const checkIdentity = (): boolean => {
    const errors: FieldErrors = {};
    for (const field of FIELDS) {
      const error = checkField(field, values[field]);
      if (error) errors[field] = error;
    }
    setFieldErrors(errors);
    const first = FIELDS.find((f) => errors[f]);
    if (first) inputs.current[first]?.focus();
    return first === undefined;
  };

  const next = () => {
    switch (step) {
      case 'consents':
        if (consents.credit_assessment && consents.personal_data) goTo('identity');
        return;
      case 'identity':
        if (checkIdentity()) goTo('about');
        return;
      case 'about':
        setAboutChecked(true);
        if (employment && incomeBand) goTo('plan');
        return;
      case 'plan':
        setPlanChecked(true);
        if (offer) goTo('review');
        return;
      case 'review':
        void submit();
        return;
    }
  };

  const previous = () => {
    const before = STEPS[index - 1];
    if (before) goTo(before);
  };

  // One id per version of the answers: a retry after a lost reply finds the application already
  // made instead of making a second one (and counting against the shopper's own velocity).
  const lastRequest = useRef<{ answers: string; id: string } | null>(null);
  const requestIdFor = (answers: string) => {
    if (lastRequest.current?.answers !== answers) lastRequest.current = { answers, id: crypto.randomUUID() };
    return lastRequest.current.id;
  };

  const submit = async () => {
    if (inFlight.current || !offer || !employment || !incomeBand) return;
    inFlight.current = true;
    setSubmitting(true);
    setSubmitError(null);
    const result = await kiosk.applyForCredit({
      sessionId,
      requestId: requestIdFor(JSON.stringify([values, offer, employment, incomeBand])),
      purchase,
      plan: { productId: offer.productId, termMonths: offer.termMonths },
      applicant: {
        name: values.name.trim(),
        residentId: values.residentId,
        mobile: normaliseMobile(values.mobile) ?? values.mobile.trim(),
        employment,
        incomeBand,
      },
      consents: { credit_assessment: CONSENTS.credit_assessment.version, personal_data: CONSENTS.personal_data.version },
      locale: contractLocale(i18n.language),
    });
    inFlight.current = false;
    setSubmitting(false);
    if (result.ok) {
      navigate({ type: 'advance', screen: { name: 'decision', application: result.data.application } });
      return;
    }
    const error = result.error;
    const field = error.field?.replace(/^applicant\./, '');
    if (field === 'name' || field === 'residentId' || field === 'mobile') {
      const key = SERVER_FIELD_CODES.has(error.code) ? `errors.${error.code}` : (checkField(field, values[field]) ?? `errors.${error.code}`);
      setFieldErrors({ [field]: key });
      goTo('identity');
    } else if (field === 'employment' || field === 'incomeBand') {
      if (field === 'employment') setEmployment(null);
      else setIncomeBand(null);
      setAboutChecked(true);
      goTo('about');
    } else if (error.code === 'CONSENT_OUTDATED') {
      // The texts on screen are the ones this build ships; the shopper agrees to them again.
      setConsents({ credit_assessment: false, personal_data: false });
      setConsentsOutdated(true);
      goTo('consents');
    } else if (error.code === 'PLAN_UNAVAILABLE') {
      setOffer(null);
      setPlanNotice('unavailable');
      goTo('plan');
    } else {
      setSubmitError(error);
    }
  };

  const bothConsents = consents.credit_assessment && consents.personal_data;
  const fieldLabels: Record<Field, string> = {
    name: t('credit.identity.name'),
    residentId: t('credit.identity.residentId'),
    mobile: t('credit.identity.mobile'),
  };
  const fieldHints: Record<Field, string> = {
    name: t('credit.identity.nameHint'),
    residentId: t('credit.identity.residentIdHint'),
    mobile: t('credit.identity.mobileHint'),
  };
  const keyboardMode = (field: Field): KeyboardMode => (field === 'name' ? nameKeyboard : field === 'residentId' ? 'id' : 'digits');

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
          next();
        }}
      >
        <p className="apply__step-of">{t('credit.stepOf', { n: index + 1, total: STEPS.length })}</p>
        <h2 ref={heading} tabIndex={-1} className="apply__step-title">
          {t(`credit.steps.${step}`)}
        </h2>

        {step === 'consents' && (
          <div className="apply__body">
            <p className="apply__intro">{t('credit.consents.intro')}</p>
            {consentsOutdated && (
              <p className="apply__notice" role="alert">
                {t('credit.consents.outdated')}
              </p>
            )}
            {ConsentKind.options.map((kind) => (
              <div key={kind} className={consents[kind] ? 'consent consent--agreed' : 'consent'}>
                <h3 id={`consent-${kind}-title`} className="consent__title">
                  {CONSENTS[kind].title[lang]}
                </h3>
                <p id={`consent-${kind}-text`} className="consent__text">
                  {CONSENTS[kind].text[lang]}
                </p>
                <label className="consent__tick">
                  <input
                    type="checkbox"
                    checked={consents[kind]}
                    aria-labelledby={`consent-${kind}-title`}
                    aria-describedby={`consent-${kind}-text`}
                    onChange={(event) => {
                      const checked = event.target.checked;
                      setConsents((c) => ({ ...c, [kind]: checked }));
                    }}
                  />
                  <span>{t('credit.consents.tick')}</span>
                </label>
              </div>
            ))}
            {!bothConsents && <p className="apply__hint">{t('credit.consents.needBoth')}</p>}
          </div>
        )}

        {step === 'identity' && (
          <div className="apply__body">
            <p className="apply__intro">{t('credit.identity.intro')}</p>
            {FIELDS.map((field) => {
              const error = fieldErrors[field];
              return (
                <TextField
                  key={field}
                  id={`apply-${field}`}
                  label={fieldLabels[field]}
                  hint={fieldHints[field]}
                  value={values[field]}
                  error={error ? t(error) : null}
                  maxLength={MAX_LENGTH[field]}
                  inputRef={(el) => {
                    inputs.current[field] = el;
                  }}
                  onChange={(value) => setValue(field, value)}
                  onFocus={() => setKeyboardFor(field)}
                  onBlur={() => leaveField(field)}
                />
              );
            })}
          </div>
        )}

        {step === 'about' && (
          <div className="apply__body">
            <ChoiceGroup
              id="apply-employment"
              legend={t('credit.about.employment')}
              options={Employment.options.map((value) => ({ value, label: t(`credit.about.employmentOptions.${value}`) }))}
              value={employment}
              onChange={setEmployment}
              error={aboutChecked && !employment ? t('credit.about.choose') : null}
            />
            <ChoiceGroup
              id="apply-income"
              legend={t('credit.about.income')}
              options={IncomeBand.options.map((value) => ({ value, label: t(`credit.about.incomeOptions.${value}`) }))}
              value={incomeBand}
              onChange={setIncomeBand}
              error={aboutChecked && !incomeBand ? t('credit.about.choose') : null}
            />
          </div>
        )}

        {step === 'plan' && (
          <PlanStep
            purchase={purchase}
            offer={offer}
            notice={planNotice}
            missing={planChecked && !offer}
            onChoose={(chosen) => {
              setOffer(chosen);
              setPlanNotice(null);
            }}
            onGone={() => {
              setOffer(null);
              setPlanNotice((n) => n ?? 'gone');
            }}
          />
        )}

        {step === 'review' && offer && employment && incomeBand && (
          <div className="apply__body">
            <p className="apply__intro">{t('credit.review.intro')}</p>
            <section className="review-block" aria-labelledby="review-you">
              <h3 id="review-you" className="review-block__title">
                {t('credit.review.you')}
              </h3>
              <dl className="summary">
                <Row term={t('credit.identity.name')}>{values.name.trim()}</Row>
                <Row term={t('credit.identity.residentId')}>
                  <span className="masked">{maskResidentId(values.residentId)}</span>
                </Row>
                <Row term={t('credit.identity.mobile')}>
                  <span className="masked">{maskMobile(values.mobile)}</span>
                </Row>
                <Row term={t('credit.about.employment')}>{t(`credit.about.employmentOptions.${employment}`)}</Row>
                <Row term={t('credit.about.income')}>{t(`credit.about.incomeOptions.${incomeBand}`)}</Row>
              </dl>
            </section>
            <section className="review-block" aria-labelledby="review-plan">
              <h3 id="review-plan" className="review-block__title">
                {t('credit.review.plan')}
              </h3>
              <PlanFigures offer={offer} />
            </section>
            {submitting && (
              <Progress label={t('credit.review.submitting')} />
            )}
            {submitError && <ErrorPanel error={submitError} onRetry={() => void submit()} />}
          </div>
        )}

        <div className="form-nav">
          {index > 0 && (
            <button type="button" className="secondary-button" onClick={previous} disabled={submitting}>
              {t('credit.previous')}
            </button>
          )}
          {step === 'review' ? (
            <button type="submit" className="primary-button" disabled={submitting} aria-busy={submitting}>
              {t('credit.review.submit')}
            </button>
          ) : (
            <button type="submit" className="primary-button" disabled={step === 'consents' && !bothConsents}>
              {t('credit.next')}
            </button>
          )}
        </div>

        {step === 'identity' && keyboardFor && (
          <div className="form-keyboard" ref={keyboard}>
            <OnScreenKeyboard
              key={keyboardFor}
              value={values[keyboardFor]}
              onChange={(value) => setValue(keyboardFor, value)}
              onDone={() => {
                leaveField(keyboardFor);
                setKeyboardFor(null);
              }}
              mode={keyboardMode(keyboardFor)}
              onModeChange={keyboardFor === 'name' ? setNameKeyboard : undefined}
            />
          </div>
        )}
      </form>
    </section>
  );
}

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/**
 * The chosen plan's figures and every plan on offer for this purchase now (quotas and budgets
 * move, so the list is fetched again rather than trusted from the panel).
 */
function PlanStep({
  purchase,
  offer,
  notice,
  missing,
  onChoose,
  onGone,
}: {
  purchase: Purchase;
  offer: Offer | null;
  notice: 'gone' | 'unavailable' | null;
  missing: boolean;
  onChoose: (offer: Offer) => void;
  onGone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const [offers, retry] = useApi(() => kiosk.financeOffers(purchase), [JSON.stringify(purchase)]);

  // Swap in the fresh quote of the chosen plan, or say that it is no longer offered.
  const list = offers.state === 'ready' ? offers.data.offers : null;
  useEffect(() => {
    if (!list || !offer) return;
    const fresh = list.find((o) => sameOffer(o, offer));
    if (!fresh) onGone();
    else if (JSON.stringify(fresh) !== JSON.stringify(offer)) onChoose(fresh);
    // Only a new list matters; the callbacks change every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [list]);

  return (
    <div className="apply__body">
      {notice && (
        <p className="apply__notice" role="alert">
          {t(notice === 'gone' ? 'credit.plan.gone' : 'credit.plan.unavailable')}
        </p>
      )}
      {offer && (
        <section className="review-block" aria-labelledby="plan-chosen">
          <h3 id="plan-chosen" className="review-block__title">
            {t('credit.plan.chosen')}
          </h3>
          <PlanFigures offer={offer} />
        </section>
      )}
      {offers.state === 'loading' && <p className="loading">{t('list.loading')}</p>}
      {offers.state === 'error' && <ErrorPanel error={offers.error} onRetry={retry} />}
      {offers.state === 'ready' &&
        (offers.data.offers.length === 0 ? (
          <p className="empty">{t('finance.none')}</p>
        ) : (
          <>
            <p className="offers__amount">{t('finance.amount', { amount: formatFen(offers.data.amountFen) })}</p>
            <ChoiceGroup
              id="apply-plan"
              className="choices--plans"
              legend={t('credit.plan.choose')}
              options={offers.data.offers.map((o) => ({
                value: `${o.productId}:${o.termMonths}`,
                label: t('credit.plan.option', {
                  term: t('finance.months', { count: o.termMonths }),
                  monthly: formatFen(o.monthlyPaymentFen),
                  apr: formatRate(o.apr.simpleAnnual),
                  lender: o.lender[lang],
                }),
              }))}
              value={offer ? `${offer.productId}:${offer.termMonths}` : null}
              onChange={(value) => {
                const chosen = offers.data.offers.find((o) => `${o.productId}:${o.termMonths}` === value);
                if (chosen) onChoose(chosen);
              }}
              error={missing ? t('credit.plan.chooseFirst') : null}
            />
          </>
        ))}
    </div>
  );
}
