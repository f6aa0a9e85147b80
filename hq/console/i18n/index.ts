import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { zhCN, type Translation } from './zh-CN.ts';

/**
 * The console's own i18next instance (the kiosk's renderer has its own texts and default): zh-CN
 * unless this browser chose English before. The choice is kept in localStorage, so it survives
 * a reload and a sign-out.
 */
export type Locale = 'zh-CN' | 'en';
const STORAGE_KEY = 'hq-console.locale';

function savedLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN'; // storage blocked: the default
  }
}

export const i18n = i18next.createInstance();
const initial = savedLocale();
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
  // Resources are bundled: init finishes synchronously, so the first render has its texts.
  initAsync: false,
});
document.documentElement.lang = initial;

export function setLocale(locale: Locale): void {
  void i18n.changeLanguage(locale);
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // storage blocked: the choice lasts this page only
  }
}

export const localeOf = (language: string): Locale => (language === 'en' ? 'en' : 'zh-CN');

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: Translation };
  }
}
