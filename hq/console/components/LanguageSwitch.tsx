import { useTranslation } from 'react-i18next';
import { localeOf, setLocale } from '../i18n/index.ts';

/** On every page: the other language's name, in that language (as the kiosk's switch). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const next = localeOf(i18n.language) === 'en' ? 'zh-CN' : 'en';
  return (
    <button type="button" className="lang-switch" lang={next} onClick={() => setLocale(next)}>
      {t('language.switchTo')}
    </button>
  );
}
