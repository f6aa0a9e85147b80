import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { OnScreenKeyboard } from '../../../components/OnScreenKeyboard.tsx';
import { FIELDS, MAX_LENGTH, type Field } from '../application-form.ts';
import { TextField } from '../../../components/fields.tsx';
import type { ApplicationForm } from '../use-application-form.ts';

/** Name, resident ID and mobile, each checked as the shopper leaves it and shown wrong at the field. */
export function IdentityStep({ form }: { form: ApplicationForm }) {
  const { t } = useTranslation();
  const labels: Record<Field, string> = {
    name: t('credit.identity.name'),
    residentId: t('credit.identity.residentId'),
    mobile: t('credit.identity.mobile'),
  };
  const hints: Record<Field, string> = {
    name: t('credit.identity.nameHint'),
    residentId: t('credit.identity.residentIdHint'),
    mobile: t('credit.identity.mobileHint'),
  };
  return (
    <div className="apply__body">
      <p className="apply__intro">{t('credit.identity.intro')}</p>
      {FIELDS.map((field) => {
        const error = form.fieldErrors[field];
        return (
          <TextField
            key={field}
            id={`apply-${field}`}
            label={labels[field]}
            hint={hints[field]}
            value={form.values[field]}
            error={error ? t(error) : null}
            maxLength={MAX_LENGTH[field]}
            inputRef={form.inputRef(field)}
            onChange={(value) => form.setValue(field, value)}
            onFocus={() => form.openKeyboard(field)}
            onBlur={() => form.leaveField(field)}
          />
        );
      })}
      {form.assisting && (
        <label className="choice id-card-seen">
          <input type="checkbox" checked={form.idCardSeen} onChange={(event) => form.setIdCardSeen(event.target.checked)} />
          <span className="choice__text">
            <span className="choice__label">{t('credit.identity.idCardSeen')}</span>
            <span className="choice__hint">{t('credit.identity.idCardSeenHint')}</span>
          </span>
        </label>
      )}
    </div>
  );
}

/**
 * The keyboard for the identity field being typed: pinyin or letters for the name, a pad with X
 * for the ID, digits for the mobile. It sits in the page under the form's buttons, so opening or
 * closing it never moves a field or a button.
 */
export function IdentityKeyboard({ form, field }: { form: ApplicationForm; field: Field }) {
  const element = useRef<HTMLDivElement>(null);

  // In landscape the keyboard opens below the fold; bring all of it up without moving more than
  // needed, again whenever it grows (the pinyin layout adds a strip for candidates).
  useEffect(() => {
    const keyboard = element.current;
    if (!keyboard) return;
    const observer = new ResizeObserver(() => keyboard.scrollIntoView({ block: 'nearest' }));
    observer.observe(keyboard);
    return () => observer.disconnect();
  }, []);

  return (
    <div className="form-keyboard" ref={element}>
      <OnScreenKeyboard
        key={field}
        value={form.values[field]}
        onChange={(value) => form.setValue(field, value)}
        onDone={form.closeKeyboard}
        mode={form.keyboardMode(field)}
        onModeChange={field === 'name' ? form.setNameKeyboard : undefined}
      />
    </div>
  );
}
