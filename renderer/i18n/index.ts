import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../../electron/contract/session.ts';
import type { Lang } from '../../electron/domain/money.ts';
import { en } from './en.ts';
import { zhCN } from './zh-CN.ts';

export const DEFAULT_LOCALE: Locale = 'zh-CN';

void i18next.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: DEFAULT_LOCALE,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function langOf(locale: string): Lang {
  return locale.startsWith('zh') ? 'zh' : 'en';
}

export function setLocale(locale: Locale): void {
  void i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
}

export { i18next };
