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

type Done = { ok: true; text: string } | { ok: false; error: ApiError } | null;

/**
 * Where this kiosk's updates come from: its ring's rollout, unless store IT pinned it to a
 * release (older ones too: a signed downgrade) or held it where it is. Pin and hold are HQ's
 * decision (the kiosk hears it at its next update check), so every role sees them, store IT
 * changes them.
 */
export function KioskUpdates({ row, onChanged }: { row: KioskRow; onChanged: () => void }) {
  const { t } = useTranslation();
  const may = useMay();
  const pinned = row.pinnedVersion === undefined ? t('kiosk.facts.unknown') : (row.pinnedVersion ?? t('updates.notPinned'));
  const held = row.updatesHeld === undefined ? t('kiosk.facts.unknown') : row.updatesHeld ? t('updates.held') : t('updates.notHeld');
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
      {may.releases ? <UpdateControls row={row} onChanged={onChanged} /> : <p className="muted">{t('updates.readOnly')}</p>}
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
    setDone(result.ok ? { ok: true, text: result.data.pinnedVersion ? t('updates.pinnedTo', { version: result.data.pinnedVersion }) : t('updates.unpinned') } : { ok: false, error: result.error });
    if (result.ok) onChanged();
  };
  const hold = async (held: boolean) => {
    setBusy(true);
    setDone(null);
    const result = await api.send('PUT', `${base}/hold`, KioskHoldResponse, { held });
    setBusy(false);
    setDone(result.ok ? { ok: true, text: result.data.held ? t('updates.nowHeld') : t('updates.nowReleased') } : { ok: false, error: result.error });
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
        <button type="button" className="button" disabled={busy || row.updatesHeld === true} onClick={() => void hold(true)}>
          {t('updates.holdButton')}
        </button>
        <button type="button" className="button button--quiet" disabled={busy || row.updatesHeld === false} onClick={() => void hold(false)}>
          {t('updates.releaseButton')}
        </button>
      </div>
      {done?.ok && (
        <p className="note note--ok" role="status">
          {done.text}
        </p>
      )}
      {done && !done.ok && <ErrorNote error={done.error} />}
    </div>
  );
}
