import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { qualityHint } from '../../../electron/domain/face-quality.ts';
import { formatFen } from '../../../electron/domain/money.ts';
import { kiosk } from '../../app/kiosk-client.ts';
import { useShopper } from '../../app/shopper.tsx';
import { useFaceFrames } from './camera.ts';

/** Recognition tries this long at the start of a visit, then leaves the shopper be. */
const RECOGNISE_FOR_MS = 20_000;
const FRAME_MS = 600;

/**
 * Looks for a member in front of the camera at the start of a visit (issue 10 item 4): a near,
 * frontal face's descriptor goes to the core, which matches it on this kiosk. It stops at the
 * first member, after "not me", and after RECOGNISE_FOR_MS; nothing is kept of anyone else.
 */
export function useRecognition(enabled: boolean): void {
  const { sessionId, member, recognised } = useShopper();
  const [over, setOver] = useState(false);
  const asking = useRef(false);

  useEffect(() => {
    const timer = setTimeout(() => setOver(true), RECOGNISE_FOR_MS);
    return () => clearTimeout(timer);
  }, []);
  useEffect(() => {
    if (member) setOver(true);
  }, [member]);

  useFaceFrames(
    'descriptor',
    FRAME_MS,
    (frame) => {
      const descriptor = frame.faces[0]?.descriptor;
      if (asking.current || !descriptor || qualityHint(frame) !== null) return;
      asking.current = true;
      void kiosk.faceRecognise({ sessionId, descriptor }).then((result) => {
        asking.current = false;
        if (result.ok && result.data.status === 'member') recognised(result.data, true);
      });
    },
    enabled && !over && sessionId !== '',
  );
}

/** The member's welcome: their name, what is brought back, the pre-approved limit, and "not me" in one tap. */
export function MemberGreeting() {
  const { t, i18n } = useTranslation();
  const { member, notMe, restoreCart, cart } = useShopper();
  const [closed, setClosed] = useState(false);
  if (!member?.announce || closed) return null;
  const { displayName, favourites, lastCart, preapproved } = member.greeting;
  const restored = lastCart.length > 0 && lastCart.every((line) => cart.some((c) => c.product.id === line.product.id));
  return (
    <section className="greeting" aria-label={t('face.greeting.region')}>
      <div className="greeting__text">
        <h2>{t('face.greeting.title', { name: displayName })}</h2>
        {preapproved && (
          <p className="greeting__limit">
            {t('face.greeting.preapproved', { amount: formatFen(preapproved.amountFen), date: new Date(preapproved.validUntil).toLocaleDateString(i18n.language) })}
          </p>
        )}
        {favourites.length > 0 && <p>{t('face.greeting.favourites', { count: favourites.length })}</p>}
        {lastCart.length > 0 && <p>{restored ? t('face.greeting.restored') : t('face.greeting.lastCart', { count: lastCart.length })}</p>}
      </div>
      <div className="greeting__actions">
        {lastCart.length > 0 && !restored && (
          <button type="button" className="primary-button" onClick={restoreCart}>
            {t('face.greeting.restoreCart')}
          </button>
        )}
        <button type="button" className="secondary-button" onClick={notMe}>
          {t('face.greeting.notMe')}
        </button>
        <button type="button" className="secondary-button" onClick={() => setClosed(true)}>
          {t('face.greeting.close')}
        </button>
      </div>
    </section>
  );
}
