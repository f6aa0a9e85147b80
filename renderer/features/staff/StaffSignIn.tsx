import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kiosk } from '../../app/kiosk-client.ts';
import { useStaffSession } from './staff-session.tsx';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;
const MAX = { id: 10, pin: 8 } as const;

/**
 * Staff number, then PIN, on the kiosk's own keypad (no system keyboard, nothing remembered).
 * A refusal never says which of the two was wrong; a lock says until when.
 */
export function StaffSignIn() {
  const { t, i18n } = useTranslation();
  const { signedIn, cancelSignIn } = useStaffSession();
  const [step, setStep] = useState<'id' | 'pin'>('id');
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const value = step === 'id' ? staffId : pin;
  const set = step === 'id' ? setStaffId : setPin;
  const ready = step === 'id' ? staffId.length >= 4 : pin.length >= 4;
  const press = (digit: string) => {
    setProblem(null);
    set((v) => (v.length < MAX[step] ? v + digit : v));
  };

  const submit = async () => {
    if (step === 'id') {
      setStep('pin');
      return;
    }
    setBusy(true);
    const result = await kiosk.staffSignIn({ staffId, pin });
    setBusy(false);
    setPin('');
    if (!result.ok) {
      setProblem(t(`errors.${result.error.code}`));
      return;
    }
    const answer = result.data;
    if (answer.status === 'signed-in') {
      signedIn(answer.staff, answer.token, answer.autoLockMs);
      return;
    }
    const time = answer.lockedUntil === null ? '' : new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit' }).format(answer.lockedUntil);
    setProblem(t(`staff.signIn.${answer.problem}`, { time }));
    if (answer.problem === 'LOCKED') setStep('id');
  };

  return (
    <div className="overlay">
      <div className="dialog staff-sign-in" role="dialog" aria-modal="true" aria-labelledby="staff-sign-in-title">
        <h2 id="staff-sign-in-title">{t('staff.signIn.title')}</h2>
        <div className="staff-sign-in__fields">
          <output className={step === 'id' ? 'staff-field staff-field--active' : 'staff-field'} aria-label={t('staff.signIn.staffId')}>
            <span className="staff-field__label">{t('staff.signIn.staffId')}</span>
            <span className="staff-field__value">{staffId}</span>
          </output>
          {step === 'pin' && (
            <output className="staff-field staff-field--active" aria-label={t('staff.signIn.pin')}>
              <span className="staff-field__label">{t('staff.signIn.pin')}</span>
              <span className="staff-field__value">{'•'.repeat(pin.length)}</span>
            </output>
          )}
        </div>
        <p className="staff-sign-in__problem" role="alert">
          {busy ? t('staff.signIn.checking') : problem}
        </p>
        <div className="keypad" role="group" aria-label={t('staff.signIn.keypad')}>
          {DIGITS.map((digit) => (
            <button key={digit} type="button" className="keypad__key" onClick={() => press(digit)} disabled={busy}>
              {digit}
            </button>
          ))}
          <button type="button" className="keypad__key keypad__key--aside" onClick={() => set('')} disabled={busy || value === ''}>
            {t('staff.signIn.clear')}
          </button>
          <button type="button" className="keypad__key" onClick={() => press('0')} disabled={busy}>
            0
          </button>
          <button type="button" className="keypad__key keypad__key--aside" aria-label={t('staff.signIn.delete')} onClick={() => set((v) => v.slice(0, -1))} disabled={busy || value === ''}>
            ⌫
          </button>
        </div>
        <div className="confirm__actions">
          <button type="button" className="secondary-button" onClick={() => (step === 'pin' ? (setStep('id'), setPin('')) : cancelSignIn())} disabled={busy}>
            {step === 'pin' ? t('staff.signIn.back') : t('staff.signIn.cancel')}
          </button>
          <button type="button" className="primary-button" onClick={() => void submit()} disabled={busy || !ready}>
            {step === 'id' ? t('staff.signIn.next') : t('staff.signIn.submit')}
          </button>
        </div>
      </div>
    </div>
  );
}
