import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '../../../electron/contract/catalog.ts';
import { kiosk } from '../../app/kiosk-client.ts';
import { useApi } from '../../app/use-api.ts';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { ProductArt } from '../../components/ProductArt.tsx';
import { langOf } from '../../i18n/index.ts';

/** What passers-by see: a tap anywhere (or on the button) starts a visit. */
export function Attract({ store, onStart }: { store: { name: LocalizedText }; onStart: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const [categories] = useApi(() => kiosk.listCategories({}), []);
  const showcase = categories.state === 'ready' ? categories.data.categories.slice(0, 6) : [];

  return (
    <div className="attract" onClick={(event) => event.target === event.currentTarget && onStart()}>
      <div className="attract__top">
        <span className="attract__store">{store.name[lang]}</span>
        <LanguageSwitch />
      </div>
      <div className="attract__hero">
        <h1 className="attract__headline">{t('attract.headline')}</h1>
        <p className="attract__subline">{t('attract.subline')}</p>
      </div>
      <ul className="attract__showcase" aria-label={t('attract.categories')}>
        {showcase.map((c, i) => (
          <li key={c.id} className={`attract__tile attract__tile--${i}`}>
            <ProductArt name={c.art} />
            <span>{c.name[lang]}</span>
          </li>
        ))}
      </ul>
      <button type="button" className="attract__start" onClick={onStart}>
        <span className="attract__pulse" aria-hidden="true" />
        {t('attract.start')}
      </button>
    </div>
  );
}
