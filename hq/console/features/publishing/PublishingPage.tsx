import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { PublicationPreviewResponse, PublicationsResponse, PublishResponse, type PublishRequestBody } from '../../../server/admin-schemas.ts';
import type { ApiError } from '../../api/client.ts';
import { useQuery } from '../../api/use-query.ts';
import { RoleGate } from '../../app/RoleGate.tsx';
import { PageTitle } from '../../app/Shell.tsx';
import { useApi } from '../../app/session.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { Field } from '../../components/Field.tsx';
import { formatTime } from '../../components/format.ts';
import { ErrorNote, Loaded } from '../../components/LoadState.tsx';
import { RefreshButton } from '../../components/RefreshButton.tsx';
import { CheckResult, type Diff, type Problem } from './CheckResult.tsx';
import { CurrentVersions } from './CurrentVersions.tsx';
import { acceptFor, buildRequest, DATED_DATASETS, EMPTY_FORM, formatOf, PUBLISHABLE, type BuiltRequest, type Publishable, type PublishForm } from './publish-form.ts';
import './publishing.css';

export const PUBLICATIONS_PATH = '/v1/admin/publications';
const PREVIEW_PATH = '/v1/admin/publications/preview';

type Request = z.input<typeof PublishRequestBody>;
type Published = z.infer<typeof PublishResponse>;

/** Where the last "Check" left the form; only `diff` lets the file be published, and only as checked. */
type Check =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'local'; problem: Extract<BuiltRequest, { ok: false }>['problem'] }
  | { state: 'problems'; problems: Problem[] }
  | { state: 'diff'; diff: Diff; request: Request }
  | { state: 'error'; error: ApiError };

/**
 * Finance operations publish a dataset file: choose it, check it (HQ lists every bad row, or the
 * changes against what the chosen stores have now), then publish exactly what was checked, signed.
 * Any change to the form throws the check away, so nothing unchecked is ever sent to publish.
 */
export function PublishingPage() {
  const { t } = useTranslation();
  return (
    <RoleGate needs="publish" title={t('publishing.title')} refusal={(role) => t('publishing.notAllowed', { role })}>
      <Publishing />
    </RoleGate>
  );
}

function Publishing() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [targets, reloadTargets] = useQuery(PUBLICATIONS_PATH, PublicationsResponse);
  const [form, setForm] = useState<PublishForm>(EMPTY_FORM);
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const [asking, setAsking] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [published, setPublished] = useState<Published | null>(null);
  const [publishError, setPublishError] = useState<ApiError | null>(null);
  // Bumped by every edit: an answer to an older form is dropped, not shown against the new one.
  const edits = useRef(0);
  const locale = i18n.language;

  const update = (patch: Partial<PublishForm>) => {
    edits.current++;
    setForm((before) => ({ ...before, ...patch }));
    setCheck({ state: 'idle' });
    setPublishError(null);
  };

  const chooseFile = (file: File | undefined) => {
    if (!file) return update({ file: null });
    const edit = ++edits.current;
    void file.text().then((text) => {
      if (edit === edits.current) update({ file: { name: file.name, text } });
    });
  };

  const preview = async (request: Request): Promise<Check> => {
    const result = await api.send('POST', PREVIEW_PATH, PublicationPreviewResponse, request);
    if (!result.ok) return { state: 'error', error: result.error };
    return result.data.valid ? { state: 'diff', diff: result.data.diff, request } : { state: 'problems', problems: result.data.problems };
  };

  const runCheck = async (event: FormEvent) => {
    event.preventDefault();
    setPublished(null);
    setPublishError(null);
    const built = buildRequest(form);
    if (!built.ok) return setCheck({ state: 'local', problem: built.problem });
    const edit = edits.current;
    setCheck({ state: 'checking' });
    const outcome = await preview(built.body);
    if (edit === edits.current) setCheck(outcome);
  };

  const publish = async (request: Request) => {
    setPublishing(true);
    const result = await api.send('POST', PUBLICATIONS_PATH, PublishResponse, request);
    setPublishing(false);
    setAsking(false);
    if (result.ok) {
      edits.current++;
      setPublished(result.data);
      setCheck({ state: 'idle' });
      reloadTargets();
      return;
    }
    setPublishError(result.error);
    // Refused (a catalog CSV's base changed since the check, say): show the rows as HQ sees them now.
    if (result.error.kind === 'refused') {
      const edit = edits.current;
      const outcome = await preview(request);
      if (edit === edits.current) setCheck(outcome);
    }
  };

  const format = form.file ? formatOf(form.file.name) : null;
  const dated = DATED_DATASETS.includes(form.dataset);
  const stores = targets.state === 'ready' ? targets.data.stores : [];
  const scopeName = (scope: string) => (scope === 'all' ? t('publishing.form.allStores') : t('publishing.form.store', { id: scope }));
  const ready = check.state === 'diff' ? check : null;

  return (
    <>
      <div className="page__head">
        <PageTitle>{t('publishing.title')}</PageTitle>
      </div>
      <p className="muted">{t('publishing.intro')}</p>

      <section className="panel" aria-labelledby="publish-form-title">
        <h2 id="publish-form-title">{t('publishing.form.title')}</h2>
        {/* noValidate: what is wrong is said in the page's language, by this page or by HQ. */}
        <form className="publish-form" onSubmit={(event) => void runCheck(event)} noValidate>
          <div className="inline-form">
            <Field label={t('publishing.form.dataset')}>
              {(id) => (
                <select id={id} value={form.dataset} onChange={(e) => update({ dataset: e.target.value as Publishable })}>
                  {PUBLISHABLE.map((dataset) => (
                    <option key={dataset} value={dataset}>
                      {t(`publishing.datasets.${dataset}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('publishing.form.file')} className="field--grow">
              {(id) => (
                <input
                  id={id}
                  type="file"
                  accept={acceptFor(form.dataset)}
                  aria-describedby="publish-file-help"
                  // Emptied as the picker opens: the same file chosen again once fixed must be read again
                  // (a browser fires no change for an unchanged choice). The page names the file it read.
                  onClick={(e) => {
                    e.currentTarget.value = '';
                  }}
                  onChange={(e) => chooseFile(e.target.files?.[0])}
                />
              )}
            </Field>
            <Field label={t('publishing.form.scope')}>
              {(id) => (
                <select id={id} value={form.scope} onChange={(e) => update({ scope: e.target.value })}>
                  <option value="all">{t('publishing.form.allStores')}</option>
                  {stores.map((store) => (
                    <option key={store.id} value={store.id}>
                      {t('publishing.form.storeOption', { id: store.id, kiosks: store.kiosks })}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <p className="muted" id="publish-file-help">
            {t(`publishing.help.${form.dataset}`)}
            {format && ` ${t('publishing.form.readAs', { name: form.file?.name ?? '', format: format.toUpperCase() })}`}
          </p>
          {targets.state === 'error' && <ErrorNote error={targets.error} onRetry={reloadTargets} />}
          {(format === 'csv' || dated) && (
            <div className="inline-form">
              {format === 'csv' && (
                <Field label={t('publishing.form.versionName')}>
                  {(id) => <input id={id} type="text" maxLength={64} value={form.versionName} placeholder={`${form.dataset}-csv-…`} onChange={(e) => update({ versionName: e.target.value })} />}
                </Field>
              )}
              {dated && (
                <Field label={t('publishing.form.effectiveAt')}>
                  {(id) => <input id={id} type="datetime-local" value={form.effectiveAt} onChange={(e) => update({ effectiveAt: e.target.value })} />}
                </Field>
              )}
            </div>
          )}
          <div className="actions__buttons">
            <button type="submit" className={ready ? 'button' : 'button button--primary'} disabled={check.state === 'checking'}>
              {check.state === 'checking' ? t('publishing.checking') : t('publishing.check')}
            </button>
            <button
              type="button"
              className="button button--primary"
              disabled={!ready || publishing}
              aria-describedby={ready ? undefined : 'publish-needs-check'}
              onClick={() => setAsking(true)}
            >
              {t('publishing.publish')}
            </button>
            {!ready && (
              <span className="muted" id="publish-needs-check">
                {t('publishing.needsCheck')}
              </span>
            )}
          </div>
        </form>
        {check.state === 'local' && (
          <p className="note note--error" role="alert">
            {t(`publishing.local.${check.problem}`)}
          </p>
        )}
        {check.state === 'error' && <ErrorNote error={check.error} />}
        {publishError && <ErrorNote error={publishError} />}
        {published && <PublishedNote published={published} scopeName={scopeName} />}
      </section>

      {(check.state === 'problems' || check.state === 'diff') && (
        <CheckResult
          result={check.state === 'problems' ? { valid: false, problems: check.problems } : { valid: true, diff: check.diff }}
          csv={format === 'csv'}
        />
      )}

      <section className="panel" aria-labelledby="current-title">
        <div className="panel__head">
          <h2 id="current-title">{t('publishing.current.title')}</h2>
          <RefreshButton value={targets} onRefresh={reloadTargets} />
        </div>
        <Loaded value={targets} onRetry={reloadTargets} label={t('publishing.current.title')}>
          {(data) => <CurrentVersions current={data.current} scopeName={scopeName} />}
        </Loaded>
      </section>

      {asking && ready && (
        <Dialog
          title={t('publishing.confirm.title', { dataset: t(`publishing.datasets.${form.dataset}`), scope: form.scope === 'all' ? t('publishing.confirm.allStores') : t('publishing.confirm.store', { id: form.scope }) })}
          description={t('publishing.confirm.body', {
            added: ready.diff.added,
            changed: ready.diff.changed,
            removed: ready.diff.removed,
            when: ready.request.effectiveAt === undefined ? t('publishing.confirm.now') : formatTime(Number(ready.request.effectiveAt), locale),
          })}
          confirm={t('publishing.confirm.submit')}
          busy={publishing}
          onConfirm={() => void publish(ready.request)}
          onCancel={() => setAsking(false)}
        />
      )}
    </>
  );
}

function PublishedNote({ published, scopeName }: { published: Published; scopeName: (scope: string) => string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return (
    <div className="note note--ok published" role="status">
      <p>
        <strong>{t('publishing.published.title', { version: published.version, dataset: t(`publishing.datasets.${published.dataset}`) })}</strong>
      </p>
      <dl className="facts facts--two">
        <div>
          <dt>{t('publishing.published.version')}</dt>
          <dd>{published.version}</dd>
        </div>
        <div>
          <dt>{t('publishing.published.scope')}</dt>
          <dd>{scopeName(published.scope)}</dd>
        </div>
        <div>
          <dt>{t('publishing.published.effectiveAt')}</dt>
          <dd>{formatTime(published.effectiveAt, locale)}</dd>
        </div>
        <div>
          <dt>{t('publishing.published.publishedAt')}</dt>
          <dd>{formatTime(published.publishedAt, locale)}</dd>
        </div>
        <div className="published__hash">
          <dt>{t('publishing.published.hash')}</dt>
          <dd>
            <code>{published.contentHash}</code>
          </dd>
        </div>
      </dl>
    </div>
  );
}
