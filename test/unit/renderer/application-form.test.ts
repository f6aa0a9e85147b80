import { describe, expect, it } from 'vitest';
import { requestIds } from '../../../renderer/app/request-ids.ts';
import { checkField, FIELDS, STEPS, submitFailure, tidy } from '../../../renderer/features/credit/application-form.ts';

const VALID = { name: '王小明', residentId: '110105198808081237', mobile: '13912345678' };

describe('the credit application form (state shared by the shopper screen and, later, staff mode)', () => {
  it('has five steps and three typed fields', () => {
    expect(STEPS).toEqual(['consents', 'identity', 'about', 'plan', 'review']);
    expect(FIELDS).toEqual(['name', 'residentId', 'mobile']);
  });

  it('checks each field and names the problem as an i18n key', () => {
    for (const field of FIELDS) expect(checkField(field, VALID[field])).toBeNull();
    expect(checkField('name', ' 王 ')).toBe('credit.identity.nameInvalid');
    expect(checkField('residentId', '110105198808081230')).toBe('errors.ID_CHECKSUM');
    expect(checkField('mobile', '1391234')).toBe('errors.MOBILE_FORMAT');
  });

  it('tidies a resident ID typed in groups with a lowercase x, and cuts every field at its limit', () => {
    expect(tidy('residentId', '4403 0119 8511 1132 1x')).toBe('44030119851111321X');
    expect(tidy('residentId', '1'.repeat(25))).toHaveLength(18);
    expect(tidy('name', '王'.repeat(40))).toHaveLength(30);
  });

  it('keeps one request id per version of the answers, so a retry is not a second application', () => {
    const idFor = requestIds();
    const first = idFor([VALID, 'plan-12']);
    expect(idFor([VALID, 'plan-12'])).toBe(first);
    const changed = idFor([{ ...VALID, mobile: '13912345679' }, 'plan-12']);
    expect(changed).not.toBe(first);
    expect(idFor([VALID, 'plan-12'])).not.toBe(changed);
  });

  it('sends a refused submission back to the step that can fix it', () => {
    const error = (code: string, field?: string) => ({ code, message: 'x', ...(field ? { field } : {}) }) as Parameters<typeof submitFailure>[0];
    expect(submitFailure(error('ID_CHECKSUM', 'applicant.residentId'), VALID)).toEqual({ step: 'identity', field: 'residentId', message: 'errors.ID_CHECKSUM' });
    // A field the core refused for a reason the form knows better is explained by the form's own check.
    expect(submitFailure(error('BAD_REQUEST', 'applicant.name'), { ...VALID, name: '王' })).toEqual({ step: 'identity', field: 'name', message: 'credit.identity.nameInvalid' });
    expect(submitFailure(error('BAD_REQUEST', 'applicant.incomeBand'), VALID)).toEqual({ step: 'about', clear: 'incomeBand' });
    expect(submitFailure(error('CONSENT_OUTDATED'), VALID)).toEqual({ step: 'consents' });
    expect(submitFailure(error('PLAN_UNAVAILABLE'), VALID)).toEqual({ step: 'plan' });
    expect(submitFailure(error('UNAVAILABLE'), VALID)).toBeNull();
  });
});
