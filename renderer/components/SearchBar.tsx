import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OnScreenKeyboard, type KeyboardMode } from './OnScreenKeyboard.tsx';

/**
 * The search box and its on-screen keyboard. The field never summons the operating system's
 * keyboard (inputMode none): a kiosk has only ours.
 */
export function SearchBar({
  value,
  onChange,
  autoOpen = false,
  placeholder,
}: {
  value: string;
  onChange: (value: string) => void;
  autoOpen?: boolean;
  placeholder?: string;
}) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(autoOpen);
  const [mode, setMode] = useState<KeyboardMode>(i18n.language === 'en' ? 'latin' : 'pinyin');
  return (
    <div className="search">
      <div className="search__field">
        <span className="search__icon" aria-hidden="true">
          ⌕
        </span>
        <input
          type="search"
          inputMode="none"
          autoComplete="off"
          spellCheck={false}
          aria-label={t('search.label')}
          placeholder={placeholder ?? t('search.placeholder')}
          value={value}
          onFocus={() => setOpen(true)}
          onClick={() => setOpen(true)}
          onChange={(event) => onChange(event.target.value)}
        />
        {value && (
          <button type="button" className="search__clear" aria-label={t('search.clear')} onClick={() => onChange('')}>
            ✕
          </button>
        )}
      </div>
      {open && (
        <div className="search__keyboard">
          <OnScreenKeyboard value={value} onChange={onChange} onDone={() => setOpen(false)} mode={mode} onModeChange={setMode} />
        </div>
      )}
    </div>
  );
}
