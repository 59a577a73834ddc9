/** Small shared pieces: form fields with bound labels and errors, loading and error states. */
import { type InputHTMLAttributes, type ReactNode, useId } from 'react';
import { ApiError, type FieldIssue } from '../api.ts';
import { normaliseDate } from '../format.ts';
import { useI18n } from '../i18n/index.tsx';

/** The DOM id of the field an API issue names; also the target of "jump to the error". */
export function fieldId(path: string): string {
  return `f-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export interface FieldProps {
  label: string;
  /** The API's dotted path of this field; errors with that path are shown beneath it. */
  path?: string;
  errors?: Record<string, string>;
  hint?: string;
  required?: boolean;
  children: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
  className?: string;
}

export function Field({ label, path, errors, hint, required, children, className }: FieldProps) {
  const { t } = useI18n();
  const auto = useId();
  const id = path ? fieldId(path) : auto;
  const error = path ? errors?.[path] : undefined;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? (
          <span className="req">
            {' '}
            *<span className="sr-only">{t('common.required')}</span>
          </span>
        ) : null}
      </label>
      {children({
        id,
        ...(error ? { 'aria-invalid': true as const } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errorId} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Everything of a Field but its control: label, path, errors, hint, required, className. */
export type FieldFrame = Omit<FieldProps, 'children'>;

/** One choice of a select or a check group: a code and its label in the current language. */
export interface Option {
  code: string;
  label: string;
}

/**
 * A Field around a one-line text input. `className` is the field's (e.g. "span-2"), `inputClassName`
 * the input's (e.g. "mono"); other input attributes (type, maxLength, autoComplete…) pass through.
 */
export function TextField({
  value,
  onChange,
  inputClassName,
  label,
  path,
  errors,
  hint,
  required,
  className,
  ...input
}: FieldFrame &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'className' | 'children'> & {
    value: string;
    onChange: (value: string) => void;
    inputClassName?: string;
  }) {
  return (
    <Field label={label} path={path} errors={errors} hint={hint} required={required} className={className}>
      {(p) => (
        <input
          {...p}
          type="text"
          className={inputClassName}
          required={required}
          {...input}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** A Field around a select of options; `none` adds a first, empty choice with that label. */
export function SelectField({
  options,
  none,
  name,
  value,
  onChange,
  ...frame
}: FieldFrame & {
  options: Option[];
  none?: string;
  name?: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field {...frame}>
      {(p) => (
        <select {...p} name={name} value={value} onChange={(e) => onChange(e.target.value)}>
          {none !== undefined ? <option value="">{none}</option> : null}
          {options.map((o) => (
            <option key={o.code} value={o.code}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A Field around a DateInput. */
export function DateField({
  value,
  onChange,
  ...frame
}: FieldFrame & { value: string; onChange: (value: string) => void }) {
  return <Field {...frame}>{(p) => <DateInput {...p} value={value} onChange={onChange} />}</Field>;
}

/** A group of checkboxes (a fieldset with a legend), its error under the group. */
export function CheckGroup({
  legend,
  path,
  errors,
  options,
  value,
  onChange,
}: {
  legend: string;
  path?: string;
  errors?: Record<string, string>;
  options: Option[];
  value: string[];
  onChange: (next: string[]) => void;
}) {
  const error = path ? errors?.[path] : undefined;
  const base = path ? fieldId(path) : undefined;
  return (
    <fieldset className={`checkgroup${error ? ' field-invalid' : ''}`} id={base}>
      <legend>{legend}</legend>
      <div className="checks">
        {options.map((o) => (
          <label key={o.code} className="check">
            <input
              type="checkbox"
              checked={value.includes(o.code)}
              onChange={(e) =>
                onChange(e.target.checked ? [...value, o.code] : value.filter((x) => x !== o.code))
              }
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** Issues keyed by path in the current language; several on one path are joined. */
export function issuesByPath(issues: FieldIssue[], lang: 'zh' | 'en'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const msg = i[lang] || i.zh;
    out[i.path] = out[i.path] ? `${out[i.path]}；${msg}` : msg;
  }
  return out;
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" aria-live="polite">
      {t('app.loading')}
    </p>
  );
}

/** An error in the user's language: the API's own message when it sent one. */
export function errorMessage(error: unknown, t: ReturnType<typeof useI18n>['t'], lang: 'zh' | 'en'): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('error.network');
    if (error.text) return error.text[lang] || error.text.zh;
    if (error.status === 401) return t('common.signInNeeded');
    if (error.status === 403) return t('common.forbidden');
    return t('error.unknown', { status: error.status });
  }
  return t('error.unknown', { status: '—' });
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, lang } = useI18n();
  return (
    <div className="notice notice-error" role="alert">
      <p>{errorMessage(error, t, lang)}</p>
      {error instanceof ApiError && error.status === 401 ? (
        <a
          className="btn"
          href={`#/login?next=${encodeURIComponent(location.hash)}`}
          data-testid="sign-in-again"
        >
          {t('nav.login')}
        </a>
      ) : null}
      {onRetry ? (
        <button type="button" className="btn" onClick={onRetry}>
          {t('app.retry')}
        </button>
      ) : null}
    </div>
  );
}

export function Badge({
  tone,
  children,
}: {
  tone: 'ok' | 'no' | 'warn' | 'info' | 'muted';
  children: ReactNode;
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/**
 * A date typed as YYYY-MM-DD (the platform's one date format, whatever the browser's locale), tidied
 * on leaving the field ("2026/9/1" → "2026-09-01").
 */
export function DateInput({
  value,
  onChange,
  ...rest
}: {
  value: string;
  onChange: (value: string) => void;
  id?: string;
  name?: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}) {
  return (
    <input
      {...rest}
      type="text"
      className="date-input"
      placeholder="YYYY-MM-DD"
      autoComplete="off"
      maxLength={12}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      onBlur={(e) => {
        const n = normaliseDate(e.target.value);
        if (n !== e.target.value) onChange(n);
      }}
    />
  );
}
