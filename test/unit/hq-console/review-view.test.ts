import { describe, expect, it } from 'vitest';
import { flatten, label, leftTheList, reference, showValue } from '../../../hq/console/features/reviews/review-view.ts';

describe('the console’s HQ reviews: what it shows of an escalation', () => {
  it('names an application by the reference staff read out at the kiosk (the id’s last eight hex digits, upper case)', () => {
    expect(reference('019b5c4d-2b59-789a-a650-00000000e2e1')).toBe('0000E2E1');
  });

  it('shows a code’s text where the console has one, else the code (HQ may send a code newer than the console)', () => {
    const texts = { STUDENT: 'Full-time student' };
    expect(label(texts, 'STUDENT')).toBe('Full-time student');
    expect(label(texts, 'NEW_SIGNAL')).toBe('NEW_SIGNAL');
    expect(label('not a table', 'STUDENT')).toBe('STUDENT');
  });

  it('lays a node’s output or the model’s input out as dotted paths in order, amounts in fen also as yuan', () => {
    const rows = flatten({ application: { amountFen: 450_000, kind: 'equal_installment' }, policyHits: [{ action: 'refer' }], empty: {} });
    expect(rows).toEqual([
      ['application.amountFen', 450_000],
      ['application.kind', 'equal_installment'],
      ['policyHits', [{ action: 'refer' }]],
      ['empty', {}],
    ]);
    expect(flatten({})).toEqual([]);
    expect(flatten(null)).toEqual([['', null]]);
    expect(showValue('application.amountFen', 450_000)).toBe('¥4,500 (450000)');
    expect(showValue('points.age', 100)).toBe('100');
    expect(showValue('policyHits', [{ action: 'refer' }])).toBe('[{"action":"refer"}]');
  });

  it('reads HQ’s 409 as decided by someone else and its 404 as gone; any other failure is shown as it is', () => {
    expect(leftTheList({ kind: 'refused', status: 409, code: 'BAD_REQUEST', message: 'decided already' })).toBe('alreadyDecided');
    expect(leftTheList({ kind: 'refused', status: 404, code: 'NOT_FOUND', message: 'no open escalation' })).toBe('gone');
    expect(leftTheList({ kind: 'refused', status: 400, code: 'BAD_REQUEST', message: 'reason' })).toBeNull();
    expect(leftTheList({ kind: 'forbidden' })).toBeNull();
  });
});
