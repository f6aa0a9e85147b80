import { useTranslation } from 'react-i18next';
import { setLocale } from '../i18n/index.ts';

/** On every screen: the other language's name, in that language. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <button type="button" className="lang-switch" lang={next} onClick={() => setLocale(next)}>
      <span aria-hidden="true" className="lang-switch__globe">
        ⇄
      </span>
      {t('language.switchTo')}
    </button>
  );
}
