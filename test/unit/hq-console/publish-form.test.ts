import { describe, expect, it } from 'vitest';
import { PublishRequestBody } from '../../../hq/server/admin-schemas.ts';
import { acceptFor, buildRequest, EMPTY_FORM, formatOf, type PublishForm } from '../../../hq/console/features/publishing/publish-form.ts';

const form = (over: Partial<PublishForm>): PublishForm => ({ ...EMPTY_FORM, ...over });
const csv = { name: 'Prices.CSV', text: 'productId,price\n' };
const json = { name: 'finance.json', text: '{"dataset":"finance"}' };

describe('the publishing form → the request HQ checks and publishes', () => {
  it('reads a file as CSV by its name, and offers CSV only where HQ converts it', () => {
    expect(formatOf('Prices.CSV')).toBe('csv');
    expect(formatOf('prices.csv.json')).toBe('json');
    expect(acceptFor('prices')).toContain('.csv');
    expect(acceptFor('blocklist')).not.toContain('.csv');
  });

  it('says what is missing before HQ is asked: no file, an empty one, CSV for a JSON-only dataset, a long version name, a time that is none', () => {
    expect(buildRequest(form({}))).toEqual({ ok: false, problem: 'noFile' });
    expect(buildRequest(form({ file: { name: 'a.csv', text: ' \n' } }))).toEqual({ ok: false, problem: 'emptyFile' });
    expect(buildRequest(form({ dataset: 'finance', file: csv }))).toEqual({ ok: false, problem: 'csvNotAccepted' });
    expect(buildRequest(form({ file: csv, versionName: 'v'.repeat(65) }))).toEqual({ ok: false, problem: 'badVersionName' });
    expect(buildRequest(form({ file: csv, effectiveAt: 'not a time' }))).toEqual({ ok: false, problem: 'badEffectiveAt' });
  });

  it('names a CSV file’s version, dates only prices and promotions, and makes a body HQ’s own schema accepts', () => {
    const effectiveAt = '2026-12-24T00:00';
    const prices = buildRequest(form({ file: csv, scope: 'S001', versionName: ' xmas ', effectiveAt }));
    expect(prices).toEqual({ ok: true, body: { dataset: 'prices', body: csv.text, format: 'csv', scope: 'S001', datasetVersion: 'xmas', effectiveAt: new Date(effectiveAt).getTime() } });
    // A JSON file carries its own version; finance takes effect when it arrives.
    const finance = buildRequest(form({ dataset: 'finance', file: json, versionName: 'ignored', effectiveAt }));
    expect(finance).toEqual({ ok: true, body: { dataset: 'finance', body: json.text, format: 'json', scope: 'all' } });
    for (const built of [prices, finance]) if (built.ok) expect(PublishRequestBody.safeParse(built.body).success).toBe(true);
  });
});
