import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KioskHoldResponse, KioskPinResponse, ReleasesResponse } from '../../../server/release-schemas.ts';
import type { ApiError } from '../../api/client.ts';
import type { KioskRow } from '../../api/schemas.ts';
import { useQuery } from '../../api/use-query.ts';
import { useApi, useMay } from '../../app/session.tsx';
import { ErrorNote, Loaded } from '../../components/LoadState.tsx';
import { Field } from '../../components/Field.tsx';

export const RELEASES_PATH = '/v1/admin/releases';

/** What the last change did, kept as facts (not text) so a language switch retranslates it. */
type Done = { ok: true; pinned: string | null } | { ok: true; held: boolean } | { ok: false; error: ApiError } | null;

/**
 * Where this kiosk's updates come from: its ring's rollout, unless store IT pinned it to a
 * release (older ones too: a signed downgrade) or held it where it is. Pin and hold are HQ's
 * decision (the kiosk hears it at its next update check), so every role sees them, store IT
 * changes them.
 */
export function KioskUpdates({ row, onChanged }: { row: KioskRow; onChanged: () => void }) {
  const { t } = useTranslation();
  const may = useMay();
  const pinned = row.pinnedVersion ?? t('updates.notPinned');
  const held = row.updatesHeld ? t('updates.held') : t('updates.notHeld');
  return (
    <section className="panel" aria-labelledby="updates-title">
      <h2 id="updates-title">{t('updates.title')}</h2>
      <dl className="facts facts--two">
        <div className="facts__item">
          <dt>{t('updates.pin')}</dt>
          <dd>{pinned}</dd>
        </div>
        <div className="facts__item">
          <dt>{t('updates.hold')}</dt>
          <dd>{held}</dd>
        </div>
      </dl>
      {may('releases:write') ? <UpdateControls row={row} onChanged={onChanged} /> : <p className="muted">{t('updates.readOnly')}</p>}
    </section>
  );
}

function UpdateControls({ row, onChanged }: { row: KioskRow; onChanged: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [releases, reload] = useQuery(RELEASES_PATH, ReleasesResponse);
  const [version, setVersion] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Done>(null);
  const base = `/v1/admin/kiosks/${encodeURIComponent(row.id)}`;

  const pin = async (to: string | null) => {
    setBusy(true);
    setDone(null);
    const result = await api.send('PUT', `${base}/pin`, KioskPinResponse, { version: to });
    setBusy(false);
    setDone(result.ok ? { ok: true, pinned: result.data.pinnedVersion } : { ok: false, error: result.error });
    if (result.ok) onChanged();
  };
  const hold = async (held: boolean) => {
    setBusy(true);
    setDone(null);
    const result = await api.send('PUT', `${base}/hold`, KioskHoldResponse, { held });
    setBusy(false);
    setDone(result.ok ? { ok: true, held: result.data.held } : { ok: false, error: result.error });
    if (result.ok) onChanged();
  };

  return (
    <div className="update-controls">
      <Loaded value={releases} onRetry={reload} label={t('releases.title')}>
        {(data) => (
          <div className="inline-form">
            <Field label={t('updates.pinTo')}>
              {(id) => (
                <select id={id} value={version} onChange={(e) => setVersion(e.target.value)}>
                  <option value="">{t('updates.choose')}</option>
                  {data.releases.map((r) => (
                    <option key={r.version} value={r.version}>
                      {r.version}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button type="button" className="button" disabled={busy || version === ''} onClick={() => void pin(version)}>
              {t('updates.pinButton')}
            </button>
            <button type="button" className="button button--quiet" disabled={busy || row.pinnedVersion === null} onClick={() => void pin(null)}>
              {t('updates.unpinButton')}
            </button>
          </div>
        )}
      </Loaded>
      <div className="inline-form">
        <button type="button" className="button" disabled={busy || row.updatesHeld} onClick={() => void hold(true)}>
          {t('updates.holdButton')}
        </button>
        <button type="button" className="button button--quiet" disabled={busy || !row.updatesHeld} onClick={() => void hold(false)}>
          {t('updates.releaseButton')}
        </button>
      </div>
      {done?.ok && (
        <p className="note note--ok" role="status">
          {'held' in done
            ? t(done.held ? 'updates.nowHeld' : 'updates.nowReleased')
            : done.pinned
              ? t('updates.pinnedTo', { version: done.pinned })
              : t('updates.unpinned')}
        </p>
      )}
      {done && !done.ok && <ErrorNote error={done.error} />}
    </div>
  );
}
