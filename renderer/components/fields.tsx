import type { FocusEvent, ReactNode, Ref } from 'react';

/**
 * A labelled text field for the on-screen keyboard (inputMode none: the kiosk has no other) that
 * a physical keyboard can still type into. Its problem is shown at the field and read out.
 */
export function TextField({
  id,
  label,
  hint,
  value,
  error,
  maxLength,
  readOnly = false,
  inputRef,
  onChange,
  onFocus,
  onBlur,
}: {
  id: string;
  label: string;
  hint: string;
  value: string;
  error: string | null;
  maxLength: number;
  /** Shown, not typed into (a masked number): a tap or focus still calls onFocus, to edit it again. */
  readOnly?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  onChange: (value: string) => void;
  onFocus: () => void;
  onBlur: (event: FocusEvent<HTMLInputElement>) => void;
}) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <div className="field__head">
        <label htmlFor={id} className="field__label">
          {label}
        </label>
        <span id={hintId} className="field__hint">
          {hint}
        </span>
      </div>
      <input
        id={id}
        ref={inputRef}
        type="text"
        inputMode="none"
        // Personal data: nothing may offer it to the next shopper.
        autoComplete="off"
        autoCorrect="off"
        autoCapitalize="off"
        spellCheck={false}
        maxLength={maxLength}
        readOnly={readOnly}
        className="field__input"
        aria-invalid={error !== null}
        aria-describedby={error ? `${errorId} ${hintId}` : hintId}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onFocus={onFocus}
        onClick={onFocus}
        onBlur={onBlur}
      />
      {/* The message has its line reserved: a field checked as the shopper taps "Next" must not
          push that button away between press and release. */}
      <div className="field__message">
        {error && (
          <p id={errorId} className="field__error" role="alert">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}

export interface Choice<T extends string> {
  value: T;
  label: string;
  hint?: string;
}

/** A radio group of large touch targets; the hint, if any, describes an option without lengthening its name. */
export function ChoiceGroup<T extends string>({
  id,
  legend,
  options,
  value,
  onChange,
  error,
  className,
}: {
  id: string;
  legend: string;
  options: readonly Choice<T>[];
  value: T | null;
  onChange: (value: T) => void;
  error?: string | null;
  className?: string;
}) {
  const errorId = `${id}-error`;
  return (
    <fieldset className={`choices ${className ?? ''}`} aria-describedby={error ? errorId : undefined}>
      <legend className="choices__legend">{legend}</legend>
      <div className="choices__options">
        {options.map((option) => {
          const hintId = option.hint ? `${id}-${option.value}-hint` : undefined;
          return (
            <label key={option.value} className="choice">
              <input type="radio" name={id} value={option.value} checked={value === option.value} aria-describedby={hintId} onChange={() => onChange(option.value)} />
              <span className="choice__text">
                <span className="choice__label">{option.label}</span>
                {option.hint && (
                  <span id={hintId} className="choice__hint" aria-hidden="true">
                    {option.hint}
                  </span>
                )}
              </span>
            </label>
          );
        })}
      </div>
      {error && (
        <p id={errorId} className="field__error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** Checkboxes of large touch targets, any number ticked; the hint, if any, describes an option without lengthening its name. */
export function CheckGroup<T extends string>({
  id,
  legend,
  options,
  value,
  onChange,
  className,
}: {
  id: string;
  legend: string;
  options: readonly Choice<T>[];
  value: readonly T[];
  onChange: (value: T[]) => void;
  className?: string;
}) {
  return (
    <fieldset className={`choices ${className ?? ''}`}>
      <legend className="choices__legend">{legend}</legend>
      <div className="choices__options">
        {options.map((option) => {
          const hintId = option.hint ? `${id}-${option.value}-hint` : undefined;
          return (
            <label key={option.value} className="choice">
              <input
                type="checkbox"
                name={id}
                value={option.value}
                checked={value.includes(option.value)}
                aria-describedby={hintId}
                onChange={(event) => onChange(event.target.checked ? [...value, option.value] : value.filter((v) => v !== option.value))}
              />
              <span className="choice__text">
                <span className="choice__label">{option.label}</span>
                {option.hint && (
                  <span id={hintId} className="choice__hint" aria-hidden="true">
                    {option.hint}
                  </span>
                )}
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

/** One line of a summary list (`dl.summary`): what it is, and its value. */
export function SummaryRow({ term, className, children }: { term: string; className?: string; children: ReactNode }) {
  return (
    <div className={className}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
