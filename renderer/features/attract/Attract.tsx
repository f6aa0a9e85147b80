import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '../../../electron/contract/catalog.ts';
import { kiosk } from '../../app/kiosk-client.ts';
import { useApi } from '../../app/use-api.ts';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { ProductArt } from '../../components/ProductArt.tsx';
import { langOf } from '../../i18n/index.ts';
import { useFaceFrames } from '../face/camera.ts';
import { StaffEntry } from '../staff/StaffEntry.tsx';
import { BrowsePrerender } from '../catalog/BrowsePrerender.tsx';
import { warmCatalog } from '../catalog/warm-up.ts';

const SLIDE_MS = 6_000;
/** Presence needs no more than two looks a second, and detection only: nothing of the face is kept. */
const PRESENCE_MS = 500;

/**
 * What passers-by see: the store's promotions in a loop; a tap anywhere starts a visit. Someone
 * standing in front of the camera wakes it: the greeting changes and the start button calls.
 */
export function Attract({ store, onStart }: { store: { name: LocalizedText }; onStart: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const [promotions] = useApi(() => kiosk.listPromotions({}), [], { catalog: true });
  const [categories] = useApi(() => kiosk.listCategories({}), [], { catalog: true });
  // Nobody is waiting yet: the time to get the catalog's first screens ready, and to render one once.
  const [prerender, setPrerender] = useState<string | null>(null);
  const prerendered = useRef(false);
  useEffect(() => {
    if (categories.state !== 'ready') return;
    const ids = categories.data.categories.map((c) => c.id);
    void warmCatalog(ids).then(() => {
      if (prerendered.current || !ids[0]) return;
      prerendered.current = true;
      setPrerender(ids[0]);
    });
  }, [categories]);
  const endPrerender = useCallback(() => setPrerender(null), []);
  const [slide, setSlide] = useState(0);
  const [present, setPresent] = useState(false);
  const slides = promotions.state === 'ready' ? promotions.data.promotions : [];

  useFaceFrames('detect', PRESENCE_MS, (frame) => setPresent(frame.faces.length > 0));
  useEffect(() => {
    if (slides.length < 2) return;
    const timer = setInterval(() => setSlide((n) => (n + 1) % slides.length), SLIDE_MS);
    return () => clearInterval(timer);
  }, [slides.length]);

  const promo = slides[slide % Math.max(1, slides.length)];
  const showcase = categories.state === 'ready' ? categories.data.categories.slice(0, 6) : [];

  return (
    <div className={present ? 'attract attract--present' : 'attract'} onClick={(event) => event.target === event.currentTarget && onStart()}>
      <div className="attract__top">
        <StaffEntry className="attract__store store-name">{store.name[lang]}</StaffEntry>
        <LanguageSwitch />
      </div>
      <div className="attract__hero">
        <h1 className="attract__headline">{present ? t('attract.welcome') : t('attract.headline')}</h1>
        <p className="attract__subline">{t('attract.subline')}</p>
      </div>
      {promo ? (
        <section className="attract__promo" aria-roledescription={t('attract.carousel')} aria-label={t('attract.promotions')} aria-live="off">
          <ProductArt name={promo.art} className="attract__promo-art" />
          <div className="attract__promo-text">
            <h2>{promo.title[lang]}</h2>
            <p>{promo.description[lang]}</p>
            <p className="attract__promo-until">{t('product.until', { date: promo.endsOn })}</p>
          </div>
          {slides.length > 1 && (
            <div className="attract__dots" aria-hidden="true">
              {slides.map((s, i) => (
                <span key={s.id} className={i === slide % slides.length ? 'dot dot--on' : 'dot'} />
              ))}
            </div>
          )}
        </section>
      ) : (
        <ul className="attract__showcase" aria-label={t('attract.categories')}>
          {showcase.map((c, i) => (
            <li key={c.id} className={`attract__tile attract__tile--${i}`}>
              <ProductArt name={c.art} />
              <span>{c.name[lang]}</span>
            </li>
          ))}
        </ul>
      )}
      {prerender && <BrowsePrerender categoryId={prerender} onDone={endPrerender} />}
      <button type="button" className="attract__start" onClick={onStart}>
        <span className="attract__pulse" aria-hidden="true" />
        {t('attract.start')}
      </button>
    </div>
  );
}
