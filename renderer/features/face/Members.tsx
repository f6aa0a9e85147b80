import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../electron/contract/errors.ts';
import { FACE_CONSENT, MEMBER_NAME_MAX } from '../../../electron/contract/face.ts';
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
import { useCapture, type Capture } from './use-capture.ts';

/** Enrolment keeps this many views (the core takes 3–5). */
const VIEWS = 3;

/**
 * Face membership (issue 10 items 3 and 7): join with a separate consent, a display name and a
 * mobile number, or delete one's face data after showing it is them. Nothing here is needed to
 * shop: the home screen says so, and every other screen works without a face.
 */
export function MembersScreen({ task, navigate }: { task: 'join' | 'forget'; navigate: Navigate }) {
  const { t } = useTranslation();
  return (
    <section className="members" aria-labelledby="members-title">
      <h1 id="members-title" className="screen-title">
        {t(task === 'join' ? 'face.members.join' : 'face.forget.title')}
      </h1>
      {task === 'join' ? <Join navigate={navigate} /> : <Forget navigate={navigate} />}
    </section>
  );
}

function Join({ navigate }: { navigate: Navigate }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const [step, setStep] = useState<'consent' | 'capture' | 'details' | 'joined'>('consent');
  const capture = useCapture(VIEWS, step === 'capture');
  const [joinedAs, setJoinedAs] = useState('');

  useEffect(() => {
    if (step === 'capture' && capture.done) setStep('details');
  }, [step, capture.done]);

  if (step === 'consent') {
    return (
      <div className="members__body">
        <h2>{t('face.consent.title')}</h2>
        <p className="members__consent">{FACE_CONSENT.text[lang]}</p>
        <p className="members__version">{t('face.consent.version', { version: FACE_CONSENT.version })}</p>
        <p className="members__note">{t('face.consent.alternative')}</p>
        <div className="form-nav">
          <button type="button" className="secondary-button" onClick={() => navigate({ type: 'back' })}>
            {t('face.consent.decline')}
          </button>
          <button type="button" className="primary-button" onClick={() => setStep('capture')}>
            {t('face.consent.agree')}
          </button>
        </div>
      </div>
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
    <div className="members__body" role="status">
      <h2>{t('face.joined.title', { name: joinedAs })}</h2>
      <p>{t('face.joined.body')}</p>
      <div className="form-nav">
        <button type="button" className="primary-button" onClick={() => navigate({ type: 'home' })}>
          {t('face.joined.done')}
        </button>
      </div>
    </div>
  );
}

/** The live hint for the current frame and how many views are kept; without a camera, says so and offers the way back. */
function CaptureView({ capture, wanted, onCancel }: { capture: Capture; wanted: number; onCancel: () => void }) {
  const { t } = useTranslation();
  const camera = useCameraStatus();
  if (camera.state === 'unavailable') {
    return (
      <div className="members__body">
        <p role="alert">{t('face.unavailable')}</p>
        <div className="form-nav">
          <button type="button" className="secondary-button" onClick={onCancel}>
            {t('face.capture.cancel')}
          </button>
        </div>
      </div>
    );
  }
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
  const capture = useCapture(1, true);
  const [outcome, setOutcome] = useState<{ state: 'forgotten'; reference: string; templates: number; at: number } | { state: 'unknown' } | { state: 'failed'; error: ApiError } | null>(null);
  const { views, done, restart } = capture;

  useEffect(() => {
    if (!done || outcome) return;
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
  }, [done, outcome, sessionId, views, member, notMe]);

  if (!outcome) {
    return (
      <>
        <p className="members__intro">{t('face.forget.body')}</p>
        <CaptureView capture={capture} wanted={1} onCancel={() => navigate({ type: 'back' })} />
      </>
    );
  }
  if (outcome.state === 'forgotten') {
    return (
      <div className="members__body members__receipt" role="status">
        <h2>{t('face.forget.done')}</h2>
        <p className="members__reference">{t('face.forget.reference', { reference: outcome.reference })}</p>
        <p>{t('face.forget.detail', { count: outcome.templates, time: new Date(outcome.at).toLocaleString(i18n.language) })}</p>
        <div className="form-nav">
          <button type="button" className="primary-button" onClick={() => navigate({ type: 'home' })}>
            {t('face.joined.done')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="members__body">
      {outcome.state === 'unknown' ? <p role="alert">{t('face.forget.unknown')}</p> : <ErrorPanel error={outcome.error} />}
      <div className="form-nav">
        <button type="button" className="secondary-button" onClick={() => navigate({ type: 'back' })}>
          {t('face.capture.cancel')}
        </button>
        <button
          type="button"
          className="primary-button"
          onClick={() => {
            restart();
            setOutcome(null);
          }}
        >
          {t('face.forget.retry')}
        </button>
      </div>
    </div>
  );
}
