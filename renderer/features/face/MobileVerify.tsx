import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelResponse } from '../../../electron/contract/api.ts';
import type { ApiError } from '../../../electron/contract/errors.ts';
import type { MemberAction } from '../../../electron/contract/face.ts';
import { MOBILE_MAX_LENGTH } from '../../../electron/contract/limits.ts';
import { maskMobile, normaliseMobile } from '../../../electron/domain/identity.ts';
import { kiosk } from '../../app/kiosk-client.ts';
import { useShopper } from '../../app/shopper.tsx';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { TextField } from '../../components/fields.tsx';
import { OnScreenKeyboard } from '../../components/OnScreenKeyboard.tsx';
import { Notice } from './Notice.tsx';

export type MobileVerified = ChannelResponse<'memberCodeVerify'>;

const CODE_LENGTH = 6;
/** Errors shown at a field; anything else is shown whole (with staff as the way on when texting is unavailable). */
const AT_NUMBER = new Set(['MOBILE_FORMAT', 'TOO_MANY_CODES']);
const AT_CODE = new Set(['CODE_WRONG', 'CODE_EXPIRED']);

/**
 * A mobile number proved by a code HQ texts to it (issue 10 item 3), then `action` done for the
 * member it belongs to. The way to membership without a face; when codes cannot be texted (HQ
 * unreachable, no SMS gateway) it says so and sends the shopper to staff.
 */
export function MobileVerify({ action, onVerified, onCancel }: { action: MemberAction; onVerified: (result: MobileVerified) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { sessionId } = useShopper();
  const [mobile, setMobile] = useState('');
  const [code, setCode] = useState('');
  const [challenge, setChallenge] = useState<{ id: string; resendAt: number } | null>(null);
  const [errors, setErrors] = useState<{ mobile: string | null; code: string | null }>({ mobile: null, code: null });
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [keyboard, setKeyboard] = useState<'mobile' | 'code' | null>('mobile');
  const now = useSecondTicks(challenge !== null);

  const refused = (error: ApiError) => {
    if (AT_NUMBER.has(error.code)) setErrors({ mobile: t(`errors.${error.code}`), code: null });
    else if (AT_CODE.has(error.code)) setErrors({ mobile: null, code: t(`errors.${error.code}`) });
    else setFailure(error);
  };

  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    if (normaliseMobile(mobile) === null) return setErrors({ mobile: t('errors.MOBILE_FORMAT'), code: null });
    setBusy(true);
    setFailure(null);
    setErrors({ mobile: null, code: null });
    const result = await kiosk.memberCodeSend({ sessionId, mobile });
    setBusy(false);
    if (!result.ok) return refused(result.error);
    setChallenge({ id: result.data.challengeId, resendAt: Date.now() + result.data.resendInS * 1000 });
    setCode('');
    setKeyboard('code');
  };

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !challenge) return;
    if (!new RegExp(`^\\d{${CODE_LENGTH}}$`).test(code)) return setErrors({ mobile: null, code: t('face.mobile.codeMissing') });
    setBusy(true);
    setFailure(null);
    const result = await kiosk.memberCodeVerify({ sessionId, challengeId: challenge.id, code, action });
    setBusy(false);
    if (!result.ok) return refused(result.error);
    onVerified(result.data);
  };

  if (failure?.code === 'VERIFY_UNAVAILABLE') return <Notice text={t('face.mobile.unavailable')} onCancel={onCancel} />;

  const resendIn = challenge ? Math.max(0, Math.ceil((challenge.resendAt - now) / 1000)) : 0;
  const digitsOnly = (value: string) => value.replace(/\D/g, '');
  return (
    <form className="members__body" onSubmit={(event) => void (challenge ? confirm(event) : send(event))} noValidate>
      <TextField
        id="member-mobile-number"
        label={t('face.mobile.number')}
        hint={t('face.mobile.numberHint')}
        value={mobile}
        error={errors.mobile}
        maxLength={MOBILE_MAX_LENGTH}
        readOnly={challenge !== null}
        onChange={setMobile}
        onFocus={() => !challenge && setKeyboard('mobile')}
        onBlur={() => undefined}
      />
      {challenge && (
        <>
          <p role="status">{t('face.mobile.sent', { masked: maskMobile(normaliseMobile(mobile) ?? mobile) })}</p>
          <TextField
            id="member-mobile-code"
            label={t('face.mobile.code')}
            hint={t('face.mobile.codeHint')}
            value={code}
            error={errors.code}
            maxLength={CODE_LENGTH}
            onChange={(value) => setCode(digitsOnly(value).slice(0, CODE_LENGTH))}
            onFocus={() => setKeyboard('code')}
            onBlur={() => undefined}
          />
        </>
      )}
      {failure && <ErrorPanel error={failure} />}
      <div className="form-nav">
        <button type="button" className="secondary-button" onClick={onCancel} disabled={busy}>
          {t('face.capture.cancel')}
        </button>
        {challenge && (
          <>
            <button
              type="button"
              className="secondary-button"
              onClick={() => {
                setChallenge(null);
                setKeyboard('mobile');
              }}
              disabled={busy}
            >
              {t('face.mobile.changeNumber')}
            </button>
            <button type="button" className="secondary-button" onClick={() => void send()} disabled={busy || resendIn > 0}>
              {resendIn > 0 ? t('face.mobile.resendIn', { seconds: resendIn }) : t('face.mobile.resend')}
            </button>
          </>
        )}
        <button type="submit" className="primary-button" disabled={busy} aria-busy={busy}>
          {challenge ? t('face.mobile.confirm') : t('face.mobile.send')}
        </button>
      </div>
      {keyboard && (
        <div className="form-keyboard">
          <OnScreenKeyboard
            key={keyboard}
            value={keyboard === 'mobile' ? mobile : code}
            onChange={(value) => (keyboard === 'mobile' ? setMobile(value) : setCode(digitsOnly(value).slice(0, CODE_LENGTH)))}
            onDone={() => setKeyboard(null)}
            mode="digits"
          />
        </div>
      )}
    </form>
  );
}

/** Date.now(), refreshed every second while `running` (a countdown's clock). */
function useSecondTicks(running: boolean): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}
