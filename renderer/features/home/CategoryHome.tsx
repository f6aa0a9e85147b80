import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../electron/domain/money.ts';
import { kiosk } from '../../app/kiosk-client.ts';
import { useApi } from '../../app/use-api.ts';
import type { Navigate } from '../../app/navigation.ts';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { ProductArt } from '../../components/ProductArt.tsx';
import { langOf } from '../../i18n/index.ts';
import { categoryTouched } from '../catalog/touch-to-paint.ts';
import { warmCatalog } from '../catalog/warm-up.ts';

export function CategoryHome({ navigate }: { navigate: Navigate }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const [categories, retry] = useApi(() => kiosk.listCategories({}), [], { catalog: true });
  useEffect(() => {
    if (categories.state === 'ready') void warmCatalog(categories.data.categories.map((c) => c.id));
  }, [categories]);

  return (
    <section className="home" aria-labelledby="home-title">
      <button
        type="button"
        className="search-launcher"
        onClick={() => navigate({ type: 'push', screen: { name: 'browse', text: '', filters: {}, focusSearch: true } })}
      >
        <span aria-hidden="true">⌕</span> {t('search.launcher')}
      </button>
      <h1 id="home-title" className="screen-title">
        {t('home.title')}
      </h1>
      {categories.state === 'error' && <ErrorPanel error={categories.error} onRetry={retry} />}
      {categories.state === 'loading' && <p className="loading">{t('list.loading')}</p>}
      {categories.state === 'ready' && (
        <ul className="category-grid">
          {categories.data.categories.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className="category-tile"
                onTouchStart={(event) => categoryTouched(c.id, event.timeStamp)}
                onClick={() => {
                  performance.mark('category-tap');
                  navigate({ type: 'push', screen: { name: 'browse', categoryId: c.id, text: '', filters: {} } });
                }}
              >
                <ProductArt name={c.art} className="category-tile__art" />
                <span className="category-tile__name">{c.name[lang]}</span>
                <span className="category-tile__meta">
                  {t('home.products', { count: c.productCount })}
                  {c.fromPriceFen !== null && <> · {t('home.from', { price: formatFen(c.fromPriceFen) })}</>}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <section className="home__members" aria-labelledby="home-members-title">
        <h2 id="home-members-title">{t('face.members.title')}</h2>
        <p>{t('face.members.note')}</p>
        <div className="home__members-actions">
          <button type="button" className="secondary-button" onClick={() => navigate({ type: 'push', screen: { name: 'member', task: 'join' } })}>
            {t('face.members.join')}
          </button>
          <button type="button" className="secondary-button" onClick={() => navigate({ type: 'push', screen: { name: 'member', task: 'signIn' } })}>
            {t('face.members.signIn')}
          </button>
          <button type="button" className="secondary-button" onClick={() => navigate({ type: 'push', screen: { name: 'member', task: 'forget' } })}>
            {t('face.members.forget')}
          </button>
        </div>
      </section>
    </section>
  );
}
