import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CameraHealth } from '../../../../electron/contract/fleet.ts';
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

export const KIOSKS_PATH = '/v1/admin/kiosks';
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
      <Loaded value={kiosks} onRetry={reload} label={t('fleet.title')}>
        {(data) => <Fleet rows={data.kiosks} />}
      </Loaded>
    </>
  );
}

function Fleet({ rows }: { rows: KioskRow[] }) {
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

  return (
    <>
      <search className="filters" aria-label={t('fleet.filters.label')}>
        <Field label={t('fleet.filters.text')} className="field--grow">
          {(id) => <input id={id} type="search" value={filter.text} placeholder={t('fleet.filters.textHint')} onChange={(e) => setFilter({ ...filter, text: e.target.value })} />}
        </Field>
        <FacetSelect
          label={t('fleet.filters.status')}
          value={filter.status}
          options={(['online', 'silent', 'revoked'] as KioskStatus[]).map((s) => ({ value: s, label: t(`fleet.status.${s}`), count: counts.status.get(s) ?? 0 }))}
          onChange={(status) => setFilter({ ...filter, status: status as FleetFilter['status'] })}
          n={n}
        />
        <FacetSelect
          label={t('fleet.filters.camera')}
          value={filter.camera}
          options={([...CameraHealth.options, 'none'] as CameraFilter[]).map((c) => ({ value: c, label: t(`camera.${c}`), count: counts.camera.get(c) ?? 0 }))}
          onChange={(camera) => setFilter({ ...filter, camera: camera as FleetFilter['camera'] })}
          n={n}
        />
        <FacetSelect
          label={t('fleet.filters.version')}
          value={filter.version}
          options={versions.map((v) => ({ value: v, label: v, count: counts.version.get(v) ?? 0 }))}
          onChange={(version) => setFilter({ ...filter, version })}
          n={n}
        />
        <button type="button" className="button button--quiet" disabled={!filtered} onClick={() => setFilter(NO_FILTER)}>
          {t('fleet.filters.clear')}
        </button>
      </search>
      <Summary items={items} shown={shown.length} n={n} />
      <FleetTable items={shown} sort={sort} onSort={onSort} now={now} />
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
}: {
  label: string;
  value: string;
  options: { value: string; label: string; count: number }[];
  onChange: (value: string) => void;
  n: (x: number) => string;
}) {
  const { t } = useTranslation();
  return (
    <Field label={label}>
      {(id) => (
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="all">{t('fleet.filters.all')}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {t('fleet.filters.option', { label: o.label, count: n(o.count) })}
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
    <p className="summary" role="status">
      {t('fleet.summary', { shown: n(shown), total: n(items.length), online: n(byStatus.online), silent: n(byStatus.silent), revoked: n(byStatus.revoked) })}
    </p>
  );
}
