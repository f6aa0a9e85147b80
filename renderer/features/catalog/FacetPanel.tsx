import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Facet } from '../../../electron/contract/catalog.ts';
import { langOf } from '../../i18n/index.ts';

/** Groups not wholly shown below the visible part of the scrolling list. */
function groupsBelow(list: HTMLElement): HTMLElement[] {
  const bottom = list.getBoundingClientRect().bottom;
  return [...list.querySelectorAll<HTMLElement>(':scope > fieldset')].filter((group) => group.getBoundingClientRect().bottom > bottom + 1);
}

/**
 * Filters that fit the category, each value with how many products it would show. A category
 * can have more groups than fit (13 for refrigerators): the panel says how many are below and
 * brings the next one up on a tap, since a touchscreen shows no scrollbar to hint at them.
 */
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
  const list = useRef<HTMLDivElement>(null);
  const [below, setBelow] = useState(0);

  const measure = useCallback(() => {
    if (list.current) setBelow(groupsBelow(list.current).length);
  }, []);
  useEffect(() => {
    const element = list.current;
    if (!element) return;
    measure();
    // Opening the portrait panel, rotating the screen or the hint itself coming and going resizes the list.
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    element.addEventListener('scroll', measure, { passive: true });
    return () => {
      observer.disconnect();
      element.removeEventListener('scroll', measure);
    };
  }, [facets, measure]);

  const showNext = () => {
    const element = list.current;
    const next = element ? groupsBelow(element)[0] : undefined;
    if (!element || !next) return;
    element.scrollTo({ top: element.scrollTop + next.getBoundingClientRect().top - element.getBoundingClientRect().top });
  };

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
      <div ref={list} className={below > 0 ? 'facets__groups facets__groups--more' : 'facets__groups'}>
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
      {below > 0 && (
        <button type="button" className="facets__more" onClick={showNext}>
          {t('filters.more', { count: below })} <span aria-hidden="true">↓</span>
        </button>
      )}
    </div>
  );
}
