import { useTranslation } from 'react-i18next';
import { useShopper } from '../../app/shopper.tsx';
import type { Navigate } from '../../app/navigation.ts';
import { ProductTile } from '../catalog/ProductTile.tsx';

export function FavouritesScreen({ navigate }: { navigate: Navigate }) {
  const { t } = useTranslation();
  const { favourites } = useShopper();
  return (
    <section className="favourites" aria-labelledby="favourites-title">
      <h1 id="favourites-title" className="screen-title">
        {t('favourites.title')}
      </h1>
      {favourites.length === 0 ? (
        <p className="empty">{t('favourites.empty')}</p>
      ) : (
        <ul className="product-grid">
          {favourites.map((p) => (
            <li key={p.id}>
              <ProductTile product={p} specs={[]} onOpen={(productId) => navigate({ type: 'push', screen: { name: 'product', productId } })} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
