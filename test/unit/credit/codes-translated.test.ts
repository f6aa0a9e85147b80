import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../electron/contract/errors.ts';
import { en } from '../../../renderer/i18n/en.ts';
import { zhCN } from '../../../renderer/i18n/zh-CN.ts';

/**
 * Every code the core can hand the screen is translated in both languages: the UI shows
 * `t('errors.<code>')`, and a missing key would put the bare code in front of a shopper.
 */
describe.each([
  ['zh-CN', zhCN],
  ['en', en],
] as const)('%s', (_language, strings) => {
  it('translates every error code', () => {
    const translated = strings.errors as Record<string, string | undefined>;
    for (const code of ErrorCode.options) expect(translated[code], code).toMatch(/\S/);
  });
});
