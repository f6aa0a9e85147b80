import 'simple-keyboard/build/css/index.css';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SimpleKeyboard as Keyboard } from 'simple-keyboard';
import chinese from 'simple-keyboard-layouts/build/layouts/chinese';
import { swallowRestOfPress } from './swallow-press.ts';

export type KeyboardMode = 'pinyin' | 'latin' | 'digits' | 'id';

// The package's type omits the field its Chinese layout does ship: pinyin → candidate characters.
const PINYIN_CANDIDATES = (chinese as typeof chinese & { layoutCandidates: Record<string, string> }).layoutCandidates;

const LETTERS = ['1 2 3 4 5 6 7 8 9 0', 'q w e r t y u i o p', 'a s d f g h j k l -', 'z x c v b n m {bksp}', '{mode} {space} {done}'];
const LAYOUTS: Record<KeyboardMode, string[]> = {
  pinyin: LETTERS,
  latin: LETTERS,
  digits: ['1 2 3', '4 5 6', '7 8 9', '{bksp} 0 {done}'],
  // A resident ID number's check character can be X, which a plain digits pad could not type.
  id: ['1 2 3', '4 5 6', '7 8 9', 'X 0 {bksp}', '{done}'],
};

/**
 * The kiosk's only keyboard (there is no physical one): simple-keyboard with its Chinese layout's
 * pinyin candidates in 拼 mode, plain letters in EN mode, and a digits pad where a number is
 * expected (with X for resident ID numbers). Keys are exposed as buttons with names, so people with assistive tech (and tests)
 * can use them.
 */
export function OnScreenKeyboard({
  value,
  onChange,
  onDone,
  mode,
  onModeChange,
}: {
  value: string;
  onChange: (value: string) => void;
  onDone: () => void;
  mode: KeyboardMode;
  onModeChange?: (mode: KeyboardMode) => void;
}) {
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const keyboard = useRef<Keyboard | null>(null);
  const handlers = useRef({ onChange, onDone, onModeChange, mode });
  handlers.current = { onChange, onDone, onModeChange, mode };

  useEffect(() => {
    if (!host.current) return;
    const modeKey = mode === 'pinyin' ? '拼 → EN' : 'EN → 拼';
    const labels = {
      '{bksp}': t('keyboard.backspace'),
      '{space}': t('keyboard.space'),
      '{done}': t('keyboard.done'),
      // The name starts with what the key shows, so people who see it can say it (WCAG 2.5.3).
      '{mode}': `${modeKey} ${mode === 'pinyin' ? t('keyboard.toLatin') : t('keyboard.toPinyin')}`,
    };
    const instance = new Keyboard(host.current, {
      layout: { default: LAYOUTS[mode] },
      layoutCandidates: mode === 'pinyin' ? PINYIN_CANDIDATES : undefined,
      enableLayoutCandidates: mode === 'pinyin',
      layoutCandidatesPageSize: 12,
      display: {
        '{bksp}': '⌫',
        '{space}': labels['{space}'],
        '{done}': labels['{done}'],
        '{mode}': modeKey,
      },
      buttonAttributes: [
        { attribute: 'role', value: 'button', buttons: [...new Set(LAYOUTS[mode].join(' ').split(' '))].join(' ') },
        ...Object.entries(labels).map(([button, label]) => ({ attribute: 'aria-label', value: label, buttons: button })),
      ],
      theme: mode === 'pinyin' ? 'hg-theme-default kiosk-keyboard kiosk-keyboard--pinyin' : 'hg-theme-default kiosk-keyboard',
      disableButtonHold: true,
      preventMouseDownDefault: true,
      onChange: (input: string) => handlers.current.onChange(input),
      // Keys act on finger-down (simple-keyboard's pointer mode), so Done closes the keyboard
      // before the finger lifts: the rest of that touch must not reach what was under it.
      onKeyPress: (button: string, event?: MouseEvent) => {
        if (button === '{done}') {
          if (event instanceof PointerEvent) swallowRestOfPress(event);
          handlers.current.onDone();
        }
        if (button === '{mode}') handlers.current.onModeChange?.(handlers.current.mode === 'pinyin' ? 'latin' : 'pinyin');
      },
    });
    // Pinyin candidates are list items the library draws on demand; give them button semantics.
    const candidates = new MutationObserver(() => {
      for (const item of host.current?.querySelectorAll('.hg-candidate-box-list-item:not([role])') ?? []) {
        item.setAttribute('role', 'button');
      }
    });
    candidates.observe(host.current, { childList: true, subtree: true });
    instance.setInput(value);
    keyboard.current = instance;
    return () => {
      candidates.disconnect();
      instance.destroy();
      keyboard.current = null;
    };
    // The instance is rebuilt only when the layout or language changes; value is synced below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode, t]);

  useEffect(() => {
    if (keyboard.current && keyboard.current.getInput() !== value) keyboard.current.setInput(value);
  }, [value]);

  return <div className="keyboard" ref={host} role="group" aria-label={t('keyboard.label')} />;
}
