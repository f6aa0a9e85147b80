import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Purchase } from '../../../electron/contract/cart.ts';
import { CONSENTS, type ApplicationView, type ConsentKind, type Employment, type IncomeBand } from '../../../electron/contract/credit.ts';
import type { ApiError } from '../../../electron/contract/errors.ts';
import type { ApplicationFace } from '../../../electron/contract/face.ts';
import type { Offer } from '../../../electron/contract/finance.ts';
import { normaliseMobile } from '../../../electron/domain/identity.ts';
import { kiosk } from '../../app/kiosk-client.ts';
import type { KeyboardMode } from '../../components/OnScreenKeyboard.tsx';
import { langOf } from '../../i18n/index.ts';
import { requestIds } from '../../app/request-ids.ts';
import { useStaffSession } from '../staff/staff-session.tsx';
import { checkField, FIELDS, STEPS, submitFailure, tidy, type Field, type FieldErrors, type Step, type Values } from './application-form.ts';
import { contractLocale } from '../../components/format.ts';

export type PlanNotice = 'gone' | 'unavailable' | null;

/**
 * Everything an installment application holds while it is filled in, step by step: answers,
 * what is marked wrong, which field the keyboard types into, and the submission with its
 * idempotent request id. The raw ID and mobile number live only here: whoever shows the decision
 * gets the core's masked copies. The steps are plain views of this state, so staff mode can show
 * them in its own frame.
 */
export function useApplicationForm({
  sessionId,
  purchase,
  initialOffer,
  onDecided,
}: {
  sessionId: string;
  purchase: Purchase;
  initialOffer: Offer;
  onDecided: (application: ApplicationView) => void;
}) {
  const { i18n } = useTranslation();
  const [step, setStep] = useState<Step>('consents');
  const [consents, setConsents] = useState<Record<ConsentKind, boolean>>({ credit_assessment: false, personal_data: false });
  const [consentsOutdated, setConsentsOutdated] = useState(false);
  // The face check is a consent of its own, never needed to apply (features/face/LivenessCheck).
  const [faceCheck, setFaceCheck] = useState(false);
  const [checkingFace, setCheckingFace] = useState(false);
  const [values, setValues] = useState<Values>({ name: '', residentId: '', mobile: '' });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [keyboardFor, setKeyboardFor] = useState<Field | null>(null);
  const [nameKeyboard, setNameKeyboard] = useState<KeyboardMode>(langOf(i18n.language) === 'zh' ? 'pinyin' : 'latin');
  const [employment, setEmployment] = useState<Employment | null>(null);
  const [incomeBand, setIncomeBand] = useState<IncomeBand | null>(null);
  const [aboutChecked, setAboutChecked] = useState(false);
  const [offer, setOffer] = useState<Offer | null>(initialOffer);
  const [planNotice, setPlanNotice] = useState<PlanNotice>(null);
  const [planChecked, setPlanChecked] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<ApiError | null>(null);
  const [requestIdFor] = useState(requestIds);
  // Floor staff helping: the staff session names them on the application, with what they confirmed.
  const staff = useStaffSession();
  const assisting = staff.state.phase === 'on' && staff.state.assisting;
  const [idCardSeen, setIdCardSeen] = useState(false);

  const inputs = useRef<Partial<Record<Field, HTMLInputElement | null>>>({});
  const inFlight = useRef(false);

  const index = STEPS.indexOf(step);
  const bothConsents = consents.credit_assessment && consents.personal_data;

  const goTo = (next: Step) => {
    setKeyboardFor(null);
    setStep(next);
  };

  const setConsent = (kind: ConsentKind, checked: boolean) => setConsents((c) => ({ ...c, [kind]: checked }));

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

  const closeKeyboard = () => {
    if (keyboardFor) leaveField(keyboardFor);
    setKeyboardFor(null);
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

  const choosePlan = (chosen: Offer) => {
    setOffer(chosen);
    setPlanNotice(null);
  };

  const planGone = () => {
    setOffer(null);
    setPlanNotice((n) => n ?? 'gone');
  };

  const submit = async (face?: ApplicationFace) => {
    setCheckingFace(false);
    if (inFlight.current || !offer || !employment || !incomeBand) return;
    inFlight.current = true;
    setSubmitting(true);
    setSubmitError(null);
    const result = await kiosk.applyForCredit({
      sessionId,
      requestId: requestIdFor([values, offer, employment, incomeBand, assisting, idCardSeen]),
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
      ...(assisting ? { assist: { idCardSeen } } : {}),
      ...(face ? { face } : {}),
    });
    inFlight.current = false;
    setSubmitting(false);
    if (result.ok) {
      onDecided(result.data.application);
      return;
    }
    const failure = submitFailure(result.error, values);
    if (!failure) {
      setSubmitError(result.error);
      return;
    }
    switch (failure.step) {
      case 'identity':
        setFieldErrors({ [failure.field]: failure.message });
        break;
      case 'about':
        if (failure.clear === 'employment') setEmployment(null);
        else setIncomeBand(null);
        setAboutChecked(true);
        break;
      case 'consents':
        // The texts on screen are the ones this build ships; the shopper agrees to them again.
        setConsents({ credit_assessment: false, personal_data: false });
        setFaceCheck(false);
        setConsentsOutdated(true);
        break;
      case 'plan':
        setOffer(null);
        setPlanNotice('unavailable');
        break;
    }
    goTo(failure.step);
  };

  const next = () => {
    switch (step) {
      case 'consents':
        if (bothConsents) goTo('identity');
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
        if (faceCheck) setCheckingFace(true);
        else void submit();
        return;
    }
  };

  const previous = () => {
    const before = STEPS[index - 1];
    if (before) goTo(before);
  };

  return {
    step,
    index,
    next,
    previous,
    consents,
    consentsOutdated,
    bothConsents,
    faceCheck,
    setFaceCheck,
    /** The face check is on screen; it ends by submitting with what it found. */
    checkingFace,
    submitWithFace: (face: ApplicationFace) => void submit(face),
    setConsent,
    values,
    fieldErrors,
    setValue,
    leaveField,
    /** Ref callback for a field's input: a failed check moves focus to the first marked field. */
    inputRef: (field: Field) => (element: HTMLInputElement | null) => {
      inputs.current[field] = element;
    },
    keyboardFor,
    openKeyboard: setKeyboardFor,
    closeKeyboard,
    keyboardMode: (field: Field): KeyboardMode => (field === 'name' ? nameKeyboard : field === 'residentId' ? 'id' : 'digits'),
    setNameKeyboard,
    employment,
    setEmployment,
    incomeBand,
    setIncomeBand,
    aboutChecked,
    offer,
    planNotice,
    planMissing: planChecked && !offer,
    choosePlan,
    planGone,
    submitting,
    submitError,
    submit,
    assisting,
    idCardSeen,
    setIdCardSeen,
  };
}

export type ApplicationForm = ReturnType<typeof useApplicationForm>;
