import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProductSort, type ChannelResponse, type ProductCard } from '../../../electron/contract/api.ts';
import type { ApiError } from '../../../electron/contract/errors.ts';
import { formatSpec } from '../../../electron/domain/specs.ts';
import { kiosk } from '../../app/kiosk-client.ts';
import type { Navigate } from '../../app/Visit.tsx';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { EnergyBadge, Price } from '../../components/Price.tsx';
import { ProductArt } from '../../components/ProductArt.tsx';
import { langOf } from '../../i18n/index.ts';

const PAGE = 24;
type Page = ChannelResponse<'listProducts'>;

export function ProductList({ categoryId, sort, navigate }: { categoryId: string; sort: ProductSort; navigate: Navigate }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const [attempt, setAttempt] = useState(0);

  const load = async (offset: number, current: boolean | (() => boolean) = true) => {
    setLoading(true);
    const result = await kiosk.listProducts({ categoryId, sort, offset, limit: PAGE });
    if (typeof current === 'function' && !current()) return;
    setLoading(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    setPage((previous) => (offset === 0 || !previous ? result.data : { ...result.data, items: [...previous.items, ...result.data.items] }));
  };

  useEffect(() => {
    let current = true;
    setPage(null);
    void load(0, () => current);
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reload on category, sort or retry
  }, [categoryId, sort, attempt]);

  const title = page?.category.name[lang] ?? '';
  const keySpecs = page?.category.specs.filter((s) => s.key_spec) ?? [];

  return (
    <section className="product-list" aria-labelledby="list-title" aria-busy={loading}>
      <div className="list-head">
        <h1 id="list-title" className="screen-title">
          {title}
        </h1>
        {page && <span className="list-head__count">{t('list.count', { count: page.total })}</span>}
      </div>
      <div className="sort-bar" role="radiogroup" aria-label={t('list.sort')}>
        {ProductSort.options.map((option) => (
          <button
            key={option}
            type="button"
            role="radio"
            aria-checked={option === sort}
            className="chip"
            onClick={() => navigate({ type: 'replace', screen: { name: 'category', categoryId, sort: option } })}
          >
            {t(`list.sortBy.${option}`)}
          </button>
        ))}
      </div>
      {error && <ErrorPanel error={error} onRetry={() => setAttempt((n) => n + 1)} />}
      {!page && !error && <p className="loading">{t('list.loading')}</p>}
      {page && page.items.length === 0 && <p className="empty">{t('list.empty')}</p>}
      {page && (
        <ul className="product-grid">
          {page.items.map((p) => (
            <li key={p.id}>
              <ProductTile
                product={p}
                specs={keySpecs.map((def) => formatSpec(def, p.keySpecs[def.key], lang))}
                lang={lang}
                onOpen={() => navigate({ type: 'push', screen: { name: 'product', productId: p.id } })}
              />
            </li>
          ))}
        </ul>
      )}
      {page && page.items.length < page.total && (
        <button type="button" className="secondary-button more-button" disabled={loading} onClick={() => void load(page.items.length)}>
          {loading ? t('list.loading') : t('list.more')}
        </button>
      )}
    </section>
  );
}

function ProductTile({ product, specs, lang, onOpen }: { product: ProductCard; specs: string[]; lang: 'zh' | 'en'; onOpen: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="product-tile" onClick={onOpen} aria-label={product.name[lang]}>
      <ProductArt name={product.art} className="product-tile__art" />
      <span className="product-tile__brand">{product.brand[lang]}</span>
      <span className="product-tile__name">{product.name[lang]}</span>
      <span className="product-tile__specs">
        {specs.map((s, i) => (
          <span key={i} className="spec-chip">
            {s}
          </span>
        ))}
        <EnergyBadge grade={product.energyGrade} />
      </span>
      <Price priceFen={product.priceFen} listPriceFen={product.listPriceFen} />
      <span className={product.stock > 0 ? 'stock stock--in' : 'stock stock--out'}>
        {product.stock > 0 ? t('product.inStock', { count: product.stock }) : t('product.outOfStock')}
      </span>
    </button>
  );
}
