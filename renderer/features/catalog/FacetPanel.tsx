import { useTranslation } from 'react-i18next';
import type { Facet } from '../../../electron/contract/api.ts';
import { langOf } from '../../i18n/index.ts';

/** Filters that fit the category, each value with how many products it would show. */
export function FacetPanel({
  facets,
  selected,
  onToggle,
  onClear,
}: {
  facets: Facet[];
  selected: Record<string, string[]>;
  onToggle: (facet: string, value: string) => void;
  onClear: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const count = Object.values(selected).reduce((n, values) => n + values.length, 0);
  return (
    <div className="facets">
      <div className="facets__head">
        <h2 className="section-title">{t('filters.title')}</h2>
        {count > 0 && (
          <button type="button" className="link-button" onClick={onClear}>
            {t('filters.clear')}
          </button>
        )}
      </div>
      {facets.map((facet) => (
        <fieldset key={facet.key} className="facet">
          <legend>{facet.label[lang]}</legend>
          <div className="facet__values">
            {facet.values.map((v) => (
              <button
                key={v.value}
                type="button"
                role="checkbox"
                aria-checked={v.selected}
                className="chip facet__value"
                disabled={!v.selected && v.count === 0}
                onClick={() => onToggle(facet.key, v.value)}
              >
                {v.label[lang]} <span className="facet__count">{v.count}</span>
              </button>
            ))}
          </div>
        </fieldset>
      ))}
    </div>
  );
}
