import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { ProductCard } from '../../../electron/contract/catalog.ts';

const MIN_CARD_PX = 300;
const GAP_PX = 16;

/**
 * A virtualised touch grid: only the rows on screen (plus a few) exist in the DOM, so 20,000
 * products scroll as smoothly as 20. Rows are measured, so cards may grow with the text size.
 */
export function ProductGrid({
  total,
  itemAt,
  ensure,
  renderCard,
  label,
  initialScrollTop = 0,
  onScrollTopChange,
}: {
  total: number;
  itemAt: (index: number) => ProductCard | undefined;
  ensure: (first: number, last: number) => void;
  renderCard: (product: ProductCard, index: number) => ReactNode;
  label: string;
  initialScrollTop?: number;
  onScrollTopChange?: (top: number) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [columns, setColumns] = useState(3);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const fit = () => setColumns(Math.max(1, Math.floor((element.clientWidth + GAP_PX) / (MIN_CARD_PX + GAP_PX))));
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const rows = Math.ceil(total / columns);
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => 560,
    // One row beyond the screen: tiles are memoised, so a row coming into view renders quickly, and
    // each row fewer takes its tiles' render, layout and paint off every tap.
    overscan: 1,
    gap: GAP_PX,
    initialOffset: initialScrollTop,
  });
  const visible = virtualizer.getVirtualItems();
  const first = visible[0]?.index ?? 0;
  const last = visible.at(-1)?.index ?? 0;

  useEffect(() => {
    if (rows > 0) ensure(first * columns, Math.min(total - 1, (last + 1) * columns - 1));
  }, [first, last, columns, rows, total, ensure]);

  return (
    <div
      className="grid-scroll"
      ref={scroller}
      onScroll={onScrollTopChange ? (event) => onScrollTopChange(event.currentTarget.scrollTop) : undefined}
    >
      <div className="grid-canvas" role="list" aria-label={label} style={{ height: virtualizer.getTotalSize() }}>
        {visible.map((row) => (
          <div
            key={row.key}
            data-index={row.index}
            ref={virtualizer.measureElement}
            className="grid-row"
            style={{ transform: `translateY(${row.start}px)`, gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}
          >
            {Array.from({ length: columns }, (_, column) => {
              const index = row.index * columns + column;
              if (index >= total) return null;
              const product = itemAt(index);
              return (
                <div key={index} role="listitem" aria-posinset={index + 1} aria-setsize={total} className="grid-cell">
                  {product ? renderCard(product, index) : <div className="card-skeleton" aria-hidden="true" />}
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
