import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../electron/contract/errors.ts';
import { FACE_CONSENT, MEMBER_CONSENT, MEMBER_NAME_MAX } from '../../../electron/contract/face.ts';
import { MOBILE_MAX_LENGTH } from '../../../electron/contract/limits.ts';
import { normaliseMobile } from '../../../electron/domain/identity.ts';
import { kiosk } from '../../app/kiosk-client.ts';
import type { Navigate } from '../../app/navigation.ts';
import { useShopper } from '../../app/shopper.tsx';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { TextField } from '../../components/fields.tsx';
import { contractLocale } from '../../components/format.ts';
import { OnScreenKeyboard } from '../../components/OnScreenKeyboard.tsx';
import { langOf } from '../../i18n/index.ts';
import { useCameraStatus } from './camera.ts';
import { MobileVerify } from './MobileVerify.tsx';
import { Notice } from './Notice.tsx';
import { useCapture, type Capture } from './use-capture.ts';

/** Enrolment keeps this many views (the core takes 3–5). */
const VIEWS = 3;

/**
 * Face membership (issue 10 items 3 and 7): join with a separate consent, a display name and a
 * mobile number, or delete one's face data after showing it is them. Nothing here is needed to
 * shop: the home screen says so, and every other screen works without a face.
 */
export function MembersScreen({ task, navigate }: { task: 'join' | 'forget' | 'signIn'; navigate: Navigate }) {
  const { t } = useTranslation();
  const title = { join: 'face.members.join', forget: 'face.forget.title', signIn: 'face.mobile.signInTitle' } as const;
  return (
    <section className="members" aria-labelledby="members-title">
      <h1 id="members-title" className="screen-title">
        {t(title[task])}
      </h1>
      {task === 'join' && <Join navigate={navigate} />}
      {task === 'forget' && <Forget navigate={navigate} />}
      {task === 'signIn' && <SignIn navigate={navigate} />}
    </section>
  );
}

/** Membership without a face: the shopper proves their number and is greeted as the member it belongs to. */
function SignIn({ navigate }: { navigate: Navigate }) {
  const { t } = useTranslation();
  const { recognised } = useShopper();
  const [outcome, setOutcome] = useState<'unknown' | 'join' | null>(null);
  if (outcome === 'join') return <MobileJoin navigate={navigate} />;
  if (outcome === 'unknown') {
    return (
      <Notice text={t('face.mobile.notMember')} onCancel={() => navigate({ type: 'back' })}>
        <button type="button" className="primary-button" onClick={() => setOutcome('join')}>
          {t('face.mobile.joinInstead')}
        </button>
      </Notice>
    );
  }
  return (
    <MobileVerify
      action={{ kind: 'signIn' }}
      onCancel={() => navigate({ type: 'back' })}
      onVerified={(result) => {
        if (result.status !== 'member') return setOutcome('unknown');
        recognised(result, true);
        navigate({ type: 'home' });
      }}
    />
  );
}

/** Joining with a mobile number and no face: the membership consent, a name, then the texted code. */
function MobileJoin({ navigate }: { navigate: Navigate }) {
  const { t, i18n } = useTranslation();
  const { recognised } = useShopper();
  const [step, setStep] = useState<'consent' | 'name' | 'verify' | 'joined'>('consent');
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [keyboard, setKeyboard] = useState(true);
  if (step === 'consent') return <Consent title={t('face.mobile.consentTitle')} consent={MEMBER_CONSENT} onDecline={() => navigate({ type: 'back' })} onAgree={() => setStep('name')} />;
  if (step === 'name') {
    const next = (event: FormEvent) => {
      event.preventDefault();
      if (!name.trim()) return setNameError(t('face.details.nameMissing'));
      setStep('verify');
    };
    return (
      <form className="members__body" onSubmit={next} noValidate>
        <TextField
          id="member-mobile-name"
          label={t('face.details.name')}
          hint={t('face.details.nameHint')}
          value={name}
          error={nameError}
          maxLength={MEMBER_NAME_MAX}
          onChange={setName}
          onFocus={() => setKeyboard(true)}
          onBlur={() => undefined}
        />
        <div className="form-nav">
          <button type="button" className="secondary-button" onClick={() => navigate({ type: 'back' })}>
            {t('face.capture.cancel')}
          </button>
          <button type="submit" className="primary-button">
            {t('face.mobile.next')}
          </button>
        </div>
        {keyboard && (
          <div className="form-keyboard">
            <OnScreenKeyboard value={name} onChange={setName} onDone={() => setKeyboard(false)} mode="pinyin" />
          </div>
        )}
      </form>
    );
  }
  if (step === 'verify') {
    return (
      <MobileVerify
        action={{ kind: 'join', consentVersion: MEMBER_CONSENT.version, locale: contractLocale(i18n.language), displayName: name.trim() }}
        onCancel={() => setStep('name')}
        onVerified={(result) => {
          if (result.status !== 'member') return;
          // A number that was a member already is simply signed in, under its own name.
          setName(result.displayName);
          recognised(result, false);
          setStep('joined');
        }}
      />
    );
  }
  return (
    <Finished title={t('face.joined.title', { name })} navigate={navigate}>
      <p>{t('face.mobile.joinedBody')}</p>
    </Finished>
  );
}

function Join({ navigate }: { navigate: Navigate }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<'consent' | 'mobile' | 'capture' | 'details' | 'joined'>('consent');
  const capture = useCapture(VIEWS, step === 'capture');
  const [joinedAs, setJoinedAs] = useState('');

  useEffect(() => {
    if (step === 'capture' && capture.done) setStep('details');
  }, [step, capture.done]);

  if (step === 'mobile') return <MobileJoin navigate={navigate} />;
  if (step === 'consent') {
    return (
      <Consent title={t('face.consent.title')} consent={FACE_CONSENT} onDecline={() => navigate({ type: 'back' })} onAgree={() => setStep('capture')}>
        <p className="members__note">{t('face.consent.alternative')}</p>
        <button type="button" className="secondary-button" onClick={() => setStep('mobile')}>
          {t('face.consent.useMobile')}
        </button>
      </Consent>
    );
  }
  if (step === 'capture') return <CaptureView capture={capture} wanted={VIEWS} onCancel={() => navigate({ type: 'back' })} />;
  if (step === 'details') {
    return (
      <Details
        views={capture.views}
        onBack={() => {
          capture.restart();
          setStep('capture');
        }}
        onJoined={(name) => {
          setJoinedAs(name);
          setStep('joined');
        }}
      />
    );
  }
  return (
    <Finished title={t('face.joined.title', { name: joinedAs })} navigate={navigate}>
      <p>{t('face.joined.body')}</p>
    </Finished>
  );
}

/** The live hint for the current frame and how many views are kept; without a camera, says so and offers the way back. */
function CaptureView({ capture, wanted, onCancel }: { capture: Capture; wanted: number; onCancel: () => void }) {
  const { t } = useTranslation();
  const camera = useCameraStatus();
  if (camera.state === 'unavailable') return <Notice text={t('face.unavailable')} onCancel={onCancel} />;
  return (
    <div className="members__body members__capture">
      <h2>{t('face.capture.title')}</h2>
      <p className={capture.hint === null ? 'members__hint members__hint--good' : 'members__hint'} aria-live="polite">
        {t(capture.hint === null ? 'face.hint.good' : `face.hint.${capture.hint}`)}
      </p>
      <progress className="members__progress" max={wanted} value={capture.views.length} aria-label={t('face.capture.progress', { count: capture.views.length, total: wanted })} />
      <p>{t('face.capture.progress', { count: capture.views.length, total: wanted })}</p>
      <p className="members__note">{t('face.capture.noPhoto')}</p>
      <div className="form-nav">
        <button type="button" className="secondary-button" onClick={onCancel}>
          {t('face.capture.cancel')}
        </button>
      </div>
    </div>
  );
}

type Field = 'name' | 'mobile';

function Details({ views, onBack, onJoined }: { views: number[][]; onBack: () => void; onJoined: (name: string) => void }) {
  const { t, i18n } = useTranslation();
  const { sessionId, recognised } = useShopper();
  const [values, setValues] = useState<Record<Field, string>>({ name: '', mobile: '' });
  const [errors, setErrors] = useState<Record<Field, string | null>>({ name: null, mobile: null });
  const [keyboard, setKeyboard] = useState<Field | null>('name');
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const check = (field: Field, value = values[field]): string | null =>
    field === 'name' ? (value.trim() ? null : t('face.details.nameMissing')) : normaliseMobile(value) ? null : t('errors.MOBILE_FORMAT');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = { name: check('name'), mobile: check('mobile') };
    setErrors(found);
    if (found.name || found.mobile || busy) return;
    setBusy(true);
    setFailure(null);
    const displayName = values.name.trim();
    const result = await kiosk.faceEnrol({ sessionId, consentVersion: FACE_CONSENT.version, locale: contractLocale(i18n.language), displayName, mobile: values.mobile, descriptors: views });
    if (!result.ok) {
      setBusy(false);
      if (result.error.code === 'ALREADY_MEMBER' && result.error.field === 'mobile') setErrors({ name: null, mobile: t('face.enrolError.mobile') });
      else if (result.error.code === 'MOBILE_FORMAT') setErrors({ name: null, mobile: t('errors.MOBILE_FORMAT') });
      else setFailure(result.error);
      return;
    }
    // This visit is theirs from now on: what they keep in it is there next time.
    const greeting = await kiosk.faceRecognise({ sessionId, descriptor: views[0]! });
    if (greeting.ok && greeting.data.status === 'member') recognised(greeting.data, false);
    onJoined(displayName);
  };

  return (
    <form className="members__body" onSubmit={(event) => void submit(event)} noValidate>
      <h2>{t('face.details.title')}</h2>
      {(['name', 'mobile'] as const).map((field) => (
        <TextField
          key={field}
          id={`member-${field}`}
          label={t(`face.details.${field}`)}
          hint={t(`face.details.${field}Hint`)}
          value={values[field]}
          error={errors[field]}
          maxLength={field === 'name' ? MEMBER_NAME_MAX : MOBILE_MAX_LENGTH}
          onChange={(value) => setValues((v) => ({ ...v, [field]: value }))}
          onFocus={() => setKeyboard(field)}
          onBlur={() => setErrors((e) => ({ ...e, [field]: values[field] ? check(field) : null }))}
        />
      ))}
      {failure && (
        <div role="alert" className="members__failure">
          <p>{failure.code === 'ALREADY_MEMBER' ? t('face.enrolError.face') : t(`errors.${failure.code}`)}</p>
          {failure.code === 'FACE_MISMATCH' && (
            <button type="button" className="secondary-button" onClick={onBack}>
              {t('face.enrolError.retry')}
            </button>
          )}
        </div>
      )}
      <div className="form-nav">
        <button type="button" className="secondary-button" onClick={onBack} disabled={busy}>
          {t('face.details.back')}
        </button>
        <button type="submit" className="primary-button" disabled={busy} aria-busy={busy}>
          {t('face.details.submit')}
        </button>
      </div>
      {keyboard && (
        <div className="form-keyboard">
          <OnScreenKeyboard
            key={keyboard}
            value={values[keyboard]}
            onChange={(value) => setValues((v) => ({ ...v, [keyboard]: value }))}
            onDone={() => setKeyboard(null)}
            mode={keyboard === 'name' ? 'pinyin' : 'digits'}
          />
        </div>
      )}
    </form>
  );
}

function Forget({ navigate }: { navigate: Navigate }) {
  const { t, i18n } = useTranslation();
  const { sessionId, member, notMe } = useShopper();
  // The face, or the mobile number by a texted code, shows it is them.
  const [byMobile, setByMobile] = useState(false);
  const capture = useCapture(1, !byMobile);
  const [outcome, setOutcome] = useState<
    { state: 'forgotten'; reference: string; templates: number; at: number } | { state: 'unknown' } | { state: 'failed'; error: ApiError } | null
  >(null);
  const { views, done, restart } = capture;

  useEffect(() => {
    if (byMobile || !done || outcome) return;
    let live = true;
    void kiosk.faceForget({ sessionId, descriptor: views[0]! }).then((result) => {
      if (!live) return;
      if (!result.ok) setOutcome({ state: 'failed', error: result.error });
      else if (result.data.status === 'unknown') setOutcome({ state: 'unknown' });
      else {
        setOutcome({ state: 'forgotten', ...result.data.receipt });
        // The visit was theirs: it stops being anyone's, and nothing of it is kept.
        if (member) notMe();
      }
    });
    return () => {
      live = false;
    };
  }, [byMobile, done, outcome, sessionId, views, member, notMe]);

  if (!outcome && byMobile) {
    return (
      <MobileVerify
        action={{ kind: 'forget' }}
        onCancel={() => setByMobile(false)}
        onVerified={(result) => {
          if (result.status !== 'forgotten') return setOutcome({ state: 'unknown' });
          setOutcome({ state: 'forgotten', ...result.receipt });
          if (member) notMe();
        }}
      />
    );
  }
  if (!outcome) {
    return (
      <>
        <p className="members__intro">{t('face.forget.body')}</p>
        <CaptureView capture={capture} wanted={1} onCancel={() => navigate({ type: 'back' })} />
        <div className="form-nav">
          <button type="button" className="secondary-button" onClick={() => setByMobile(true)}>
            {t('face.mobile.forget')}
          </button>
        </div>
      </>
    );
  }
  if (outcome.state === 'forgotten') {
    const detail = !byMobile ? 'face.forget.detail' : outcome.templates > 0 ? 'face.mobile.forgetDetail' : 'face.mobile.forgetDetailNoFace';
    return (
      <Finished title={t(byMobile ? 'face.mobile.forgetDone' : 'face.forget.done')} navigate={navigate} className="members__receipt">
        <p className="members__reference">{t('face.forget.reference', { reference: outcome.reference })}</p>
        <p>{t(detail, { count: outcome.templates, time: new Date(outcome.at).toLocaleString(i18n.language) })}</p>
      </Finished>
    );
  }
  return (
    <div className="members__body">
      {outcome.state === 'unknown' ? <p role="alert">{t(byMobile ? 'face.mobile.notMember' : 'face.forget.unknown')}</p> : <ErrorPanel error={outcome.error} />}
      <div className="form-nav">
        <button type="button" className="secondary-button" onClick={() => navigate({ type: 'back' })}>
          {t('face.capture.cancel')}
        </button>
        <button
          type="button"
          className="primary-button"
          onClick={() => {
            restart();
            setByMobile(false);
            setOutcome(null);
          }}
        >
          {t('face.forget.retry')}
        </button>
      </div>
    </div>
  );
}

/** A consent's text in the shopper's language, its version, and the choice; `children` go before the choice (an alternative). */
function Consent({
  title,
  consent,
  onDecline,
  onAgree,
  children,
}: {
  title: string;
  consent: { version: string; text: { zh: string; en: string } };
  onDecline: () => void;
  onAgree: () => void;
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  return (
    <div className="members__body">
      <h2>{title}</h2>
      <p className="members__consent">{consent.text[langOf(i18n.language)]}</p>
      <p className="members__version">{t('face.consent.version', { version: consent.version })}</p>
      <div className="form-nav">
        <button type="button" className="secondary-button" onClick={onDecline}>
          {t('face.consent.decline')}
        </button>
        {children}
        <button type="button" className="primary-button" onClick={onAgree}>
          {t('face.consent.agree')}
        </button>
      </div>
    </div>
  );
}

/** The end of a members task: what happened, and the way home. */
function Finished({ title, navigate, className, children }: { title: string; navigate: Navigate; className?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className={className ? `members__body ${className}` : 'members__body'} role="status">
      <h2>{title}</h2>
      {children}
      <div className="form-nav">
        <button type="button" className="primary-button" onClick={() => navigate({ type: 'home' })}>
          {t('face.joined.done')}
        </button>
      </div>
    </div>
  );
}
