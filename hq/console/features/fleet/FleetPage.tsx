import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CameraHealth } from '../../../../electron/contract/fleet.ts';
import { KIOSKS_HEAD_PATH, KIOSKS_PATH } from '../../api/early.ts';
import { KiosksAnswer, type KioskRow } from '../../api/schemas.ts';
import { useQuery } from '../../api/use-query.ts';
import { PageTitle } from '../../app/Shell.tsx';
import { formatCount } from '../../components/format.ts';
import { Loaded } from '../../components/LoadState.tsx';
import { useNow } from '../../components/use-now.ts';
import { facetCounts, filterFleet, NO_FILTER, prepare, sortFleet, versionsOf, type CameraFilter, type FleetFilter, type FleetItem, type FleetSort, type KioskStatus, type SortKey } from './fleet-view.ts';
import { FleetTable } from './FleetTable.tsx';
import { RefreshButton } from '../../components/RefreshButton.tsx';
import { Field } from '../../components/Field.tsx';

export { KIOSKS_PATH };
/** Element Timing on the summary once the whole fleet is in (test/bench/console-fleet.bench.ts). */
export const ALL_ROWS_TIMING = 'fleet-all-rows';
/** Kiosks beat every minute: a fresh list each minute shows a kiosk going silent without a click. */
const REFRESH_MS = 60_000;

/** The filters and sort survive a visit to a kiosk's page and back (this tab only). */
let remembered: { filter: FleetFilter; sort: FleetSort } = { filter: NO_FILTER, sort: { key: 'status', descending: false } };

export function FleetPage() {
  const { t } = useTranslation();
  const [kiosks, reload] = useQuery(KIOSKS_PATH, KiosksAnswer, { refreshEveryMs: REFRESH_MS });
  return (
    <>
      <div className="page__head">
        <PageTitle>{t('fleet.title')}</PageTitle>
        <RefreshButton value={kiosks} onRefresh={reload} />
      </div>
      {kiosks.state === 'loading' && isOpening(remembered) ? (
        <FleetHead />
      ) : (
        <Loaded value={kiosks} onRetry={reload} label={t('fleet.title')}>
          {(data) => <Fleet rows={data.kiosks} />}
        </Loaded>
      )}
    </>
  );
}

const isOpening = ({ filter, sort }: typeof remembered) =>
  JSON.stringify(filter) === JSON.stringify(NO_FILTER) && sort.key === 'status' && !sort.descending;

/**
 * While the whole fleet loads (5,000 kiosks: a 2 MB answer to fetch, check and sort), its first
 * screenful in the page's opening order, which HQ sends first: real rows at once, the filters and
 * sort waiting for the rest. Only on the opening filter and sort, which that screenful is the head of.
 */
function FleetHead() {
  const { t } = useTranslation();
  const [head] = useQuery(KIOSKS_HEAD_PATH, KiosksAnswer);
  if (head.state !== 'ready' || head.data.total === undefined) {
    return (
      <p className="note note--loading" role="status">
        {t('common.loading', { what: t('fleet.title') })}
      </p>
    );
  }
  return <Fleet rows={head.data.kiosks} of={head.data.total} />;
}

/** The fleet; with `of`, `rows` are only the first of that many kiosks (FleetHead). */
function Fleet({ rows, of }: { rows: KioskRow[]; of?: number }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const [filter, setFilterState] = useState(remembered.filter);
  const [sort, setSortState] = useState(remembered.sort);
  const setFilter = (next: FleetFilter) => {
    remembered = { ...remembered, filter: next };
    setFilterState(next);
  };
  const onSort = (key: SortKey) => {
    const next = { key, descending: sort.key === key ? !sort.descending : false };
    remembered = { ...remembered, sort: next };
    setSortState(next);
  };

  // Prepared and sorted once per answer (or sort); a keystroke only filters the sorted list.
  const items = useMemo(() => prepare(rows), [rows]);
  const sorted = useMemo(() => sortFleet(items, sort), [items, sort]);
  const shown = useMemo(() => filterFleet(sorted, filter), [sorted, filter]);
  const counts = useMemo(() => facetCounts(items, filter), [items, filter]);
  const versions = useMemo(() => versionsOf(items), [items]);
  const locale = i18n.language;
  const n = (x: number) => formatCount(x, locale);
  const filtered = filter !== NO_FILTER && JSON.stringify(filter) !== JSON.stringify(NO_FILTER);
  const partial = of !== undefined;
  // Counts over the first screenful would be wrong: none until the whole fleet is in.
  const count = <K,>(map: Map<K, number>, key: K) => (partial ? null : (map.get(key) ?? 0));

  return (
    <>
      <search className="filters" aria-label={t('fleet.filters.label')}>
        <Field label={t('fleet.filters.text')} className="field--grow">
          {(id) => <input id={id} type="search" value={filter.text} placeholder={t('fleet.filters.textHint')} disabled={partial} onChange={(e) => setFilter({ ...filter, text: e.target.value })} />}
        </Field>
        <FacetSelect
          label={t('fleet.filters.status')}
          value={filter.status}
          options={(['online', 'silent', 'revoked'] as KioskStatus[]).map((s) => ({ value: s, label: t(`fleet.status.${s}`), count: count(counts.status, s) }))}
          onChange={(status) => setFilter({ ...filter, status: status as FleetFilter['status'] })}
          n={n}
          disabled={partial}
        />
        <FacetSelect
          label={t('fleet.filters.camera')}
          value={filter.camera}
          options={([...CameraHealth.options, 'none'] as CameraFilter[]).map((c) => ({ value: c, label: t(`camera.${c}`), count: count(counts.camera, c) }))}
          onChange={(camera) => setFilter({ ...filter, camera: camera as FleetFilter['camera'] })}
          n={n}
          disabled={partial}
        />
        <FacetSelect
          label={t('fleet.filters.version')}
          value={filter.version}
          options={versions.map((v) => ({ value: v, label: v, count: count(counts.version, v) }))}
          onChange={(version) => setFilter({ ...filter, version })}
          n={n}
          disabled={partial}
        />
        <button type="button" className="button button--quiet" disabled={partial || !filtered} onClick={() => setFilter(NO_FILTER)}>
          {t('fleet.filters.clear')}
        </button>
      </search>
      {partial ? (
        <p className="summary note--loading" role="status">
          {t('fleetHead.summary', { shown: n(items.length), total: n(of) })}
        </p>
      ) : (
        <Summary items={items} shown={shown.length} n={n} />
      )}
      <FleetTable items={shown} sort={sort} onSort={partial ? undefined : onSort} now={now} />
    </>
  );
}

/** A filter choice with how many kiosks each value would show; "all" first. */
function FacetSelect({
  label,
  value,
  options,
  onChange,
  n,
  disabled,
}: {
  label: string;
  value: string;
  /** `count` null: not known yet (only the first screenful is in). */
  options: { value: string; label: string; count: number | null }[];
  onChange: (value: string) => void;
  n: (x: number) => string;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Field label={label}>
      {(id) => (
        <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
          <option value="all">{t('fleet.filters.all')}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.count === null ? o.label : t('fleet.filters.option', { label: o.label, count: n(o.count) })}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The fleet in figures: how many are shown of how many, and how many are online, silent, revoked. */
function Summary({ items, shown, n }: { items: readonly FleetItem[]; shown: number; n: (x: number) => string }) {
  const { t } = useTranslation();
  const byStatus = useMemo(() => {
    const counts: Record<KioskStatus, number> = { online: 0, silent: 0, revoked: 0 };
    for (const item of items) counts[item.status]++;
    return counts;
  }, [items]);
  return (
    <p className="summary" role="status" elementtiming={ALL_ROWS_TIMING}>
      {t('fleet.summary', { shown: n(shown), total: n(items.length), online: n(byStatus.online), silent: n(byStatus.silent), revoked: n(byStatus.revoked) })}
    </p>
  );
}
