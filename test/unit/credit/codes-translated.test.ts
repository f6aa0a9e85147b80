import { describe, expect, it } from 'vitest';
import { DecisionReason, DecisionSignal } from '../../../electron/contract/credit.ts';
import { ErrorCode } from '../../../electron/contract/errors.ts';
import { en } from '../../../renderer/i18n/en.ts';
import { zhCN } from '../../../renderer/i18n/zh-CN.ts';

/**
 * Every code the core can hand the screen is translated in both languages: the UI shows
 * `t('errors.<code>')` and `t('credit.reason.<code>')` (staff screens `credit.signal.<code>`),
 * and a missing key would put the bare code in front of a shopper.
 */
describe.each([
  ['zh-CN', zhCN],
  ['en', en],
] as const)('%s', (_language, strings) => {
  it('translates every error code', () => {
    const translated = strings.errors as Record<string, string | undefined>;
    for (const code of ErrorCode.options) expect(translated[code], code).toMatch(/\S/);
  });

  it('translates every reason a shopper is given, and no code that is not one', () => {
    expect(Object.keys(strings.credit.reason).sort()).toEqual([...DecisionReason.options].sort());
  });

  it('translates every signal staff are given', () => {
    expect(Object.keys(strings.credit.signal).sort()).toEqual([...DecisionSignal.options].sort());
  });
});
