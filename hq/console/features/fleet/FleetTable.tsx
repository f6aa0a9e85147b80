import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useMemo, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { href } from '../../app/router.ts';
import { formatAgo, formatCount } from '../../components/format.ts';
import type { FleetItem, FleetSort, SortKey } from './fleet-view.ts';
import { StatusBadge } from './StatusBadge.tsx';

export const FIRST_ROW_TIMING = 'fleet-first-row';

/** Rows are one line each, so their height is known and nothing is measured while scrolling. */
const ROW_PX = 44;

interface Column {
  key: SortKey;
  title: (t: TFunction) => string;
  cell: (item: FleetItem, c: CellContext) => ReactNode;
}
interface CellContext {
  t: TFunction;
  locale: string;
  now: number;
}

const ago = (at: number | null, c: CellContext) => (at === null ? c.t('fleet.never') : formatAgo(at, c.now, c.locale));

const COLUMNS: readonly Column[] = [
  { key: 'store', title: (t) => t('fleet.columns.store'), cell: (i) => i.row.storeId },
  {
    key: 'kiosk',
    title: (t) => t('fleet.columns.kiosk'),
    cell: (i) => <a href={href.kiosk(i.row.id)}>{i.row.label ?? i.row.id.slice(0, 8)}</a>,
  },
  { key: 'version', title: (t) => t('fleet.columns.version'), cell: (i) => i.row.appVersion },
  { key: 'ring', title: (t) => t('fleet.columns.ring'), cell: (i, c) => c.t(`rings.${i.row.ring}`) },
  { key: 'status', title: (t) => t('fleet.columns.status'), cell: (i, c) => <StatusBadge status={i.status} t={c.t} /> },
  { key: 'heartbeat', title: (t) => t('fleet.columns.heartbeat'), cell: (i, c) => ago(i.row.lastHeartbeatAt, c) },
  { key: 'backlog', title: (t) => t('fleet.columns.backlog'), cell: (i, c) => (i.row.syncPending === null ? '—' : formatCount(i.row.syncPending, c.locale)) },
  { key: 'frame', title: (t) => t('fleet.columns.frame'), cell: (i, c) => ago(i.row.lastFrameAt, c) },
  { key: 'camera', title: (t) => t('fleet.columns.camera'), cell: (i, c) => c.t(`camera.${i.camera}`) },
];

/**
 * The fleet as a table that stays smooth at thousands of kiosks: only the rows in view (and a
 * few more) are in the DOM, each absolutely placed at its offset. It keeps the table semantics
 * (ARIA table, rows numbered against the whole list) so a screen reader hears "row 1,204 of
 * 5,001". Column headers sort; a second press reverses.
 */
export function FleetTable({
  items,
  sort,
  onSort,
  now,
}: {
  items: readonly FleetItem[];
  sort: FleetSort;
  /** None: the headers do not sort (only the first screenful is in). */
  onSort?: (key: SortKey) => void;
  now: number;
}) {
  const { t, i18n } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: 8,
    // Stable per list: a new function each render would have the virtualizer measure all 5,000 rows again on every keystroke.
    getItemKey: useCallback((index: number) => items[index]?.row.id ?? index, [items]),
  });
  const locale = i18n.language;
  const context = useMemo<CellContext>(() => ({ t, locale, now }), [t, locale, now]);

  return (
    <>
      {items.length === 0 && <p className="note">{t('fleet.noMatch')}</p>}
      <div className="fleet-table" role="table" aria-label={t('fleet.tableLabel')} aria-rowcount={items.length + 1}>
        <div role="rowgroup" className="fleet-table__head">
          <div role="row" aria-rowindex={1} className="fleet-row">
            {COLUMNS.map((column) => (
              <div
                key={column.key}
                role="columnheader"
                className="fleet-cell"
                aria-sort={sort.key === column.key ? (sort.descending ? 'descending' : 'ascending') : undefined}
              >
                <button type="button" className="sort-button" disabled={!onSort} onClick={() => onSort?.(column.key)}>
                  {column.title(t)}
                  <span aria-hidden="true" className="sort-button__arrow">
                    {sort.key === column.key ? (sort.descending ? '▼' : '▲') : ''}
                  </span>
                </button>
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" className="fleet-table__body" ref={scroller} tabIndex={0} aria-label={t('fleet.rowsLabel')}>
          <div className="fleet-table__canvas" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((v) => {
              const item = items[v.index];
              if (!item) return null;
              return <FleetRow key={v.key} item={item} index={v.index} start={v.start} context={context} />;
            })}
          </div>
        </div>
      </div>
    </>
  );
}

/** Memoised: scrolling by a row re-renders only the row that came into view. */
const FleetRow = memo(function FleetRow({
  item,
  index,
  start,
  context,
}: {
  item: FleetItem;
  index: number;
  start: number;
  context: CellContext;
}) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className={`fleet-row fleet-row--body fleet-row--${item.status}`}
      style={{ transform: `translateY(${start}px)` }}
    >
      {COLUMNS.map((column) => (
        <div
          key={column.key}
          role="cell"
          className={`fleet-cell fleet-cell--${column.key}`}
          // test/bench/console-fleet.bench.ts times the first row's paint (Element Timing on its first text).
          elementtiming={index === 0 && column.key === 'store' ? FIRST_ROW_TIMING : undefined}
        >
          {column.cell(item, context)}
        </div>
      ))}
    </div>
  );
});
