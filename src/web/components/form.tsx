/**
 * Forms, one way: react-hook-form holds what was typed, a zod schema (built on the API's own request
 * schemas, src/api/schemas.ts) checks it in the browser, and Ant Design's Form.Item lays it out. The
 * server's issues (`{ path, zh, en }`) land under the field whose name is that path; a failed submit
 * keeps everything typed and focuses the first bad field.
 *
 *   const form = useZodForm(schema, defaults);
 *   <ZodForm form={form} onValid={save}>
 *     <FormField form={form} name="reason" label={t('…')}>{(f) => <Input.TextArea {...f} />}</FormField>
 *   </ZodForm>
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Checkbox, Form } from 'antd';
import { type ReactNode, useState } from 'react';
import {
  type DefaultValues,
  type FieldErrors,
  type FieldPath,
  type FieldPathValue,
  type FieldValues,
  type Resolver,
  type UseFormReturn,
  useController,
  useForm,
} from 'react-hook-form';
import { z } from 'zod';
import type { FieldIssue } from '../api.ts';
import { currentLang, translate } from '../i18n/index.ts';

/** The DOM id of the field an API issue names; also the target of "jump to the error". */
export function fieldId(path: string): string {
  return `f-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

const zhLocale = z.locales.zhCN().localeError;
const enLocale = z.locales.en().localeError;

/**
 * Zod's issues in plain words for people filling a form ("必填", "不能超过 200 个字"), in the current
 * language; zod's own locale wording ("数值过小：期望 string >=1 字符") only as a last resort.
 */
export function plainError(issue: z.core.$ZodRawIssue): string {
  const i = issue as z.core.$ZodRawIssue & {
    origin?: string;
    minimum?: number | bigint;
    maximum?: number | bigint;
    expected?: string;
  };
  if (i.code === 'invalid_type' && (i.input === undefined || i.input === null || i.input === ''))
    return translate('form.required');
  if (i.code === 'too_small' && i.origin === 'string')
    return Number(i.minimum) <= 1 || i.input === ''
      ? translate('form.required')
      : translate('form.tooShort', { min: Number(i.minimum) });
  if (i.code === 'too_big' && i.origin === 'string')
    return translate('form.tooLong', { max: Number(i.maximum) });
  if (i.code === 'too_small' && i.origin === 'number')
    return translate('form.min', { min: Number(i.minimum) });
  if (i.code === 'too_big' && i.origin === 'number') return translate('form.max', { max: Number(i.maximum) });
  if (i.code === 'invalid_type' && i.expected === 'number') return translate('form.number');
  if (i.code === 'invalid_format') return translate('form.format');
  const fallback = (currentLang() === 'en' ? enLocale : zhLocale)(issue as never);
  return typeof fallback === 'string' ? fallback : (fallback?.message ?? translate('form.format'));
}

// biome-ignore lint/suspicious/noExplicitAny: a form schema maps any input shape to any output shape
export type FormSchema = z.ZodType<any, FieldValues>;

/**
 * The schema's own bilingual rules (core/validation.ts `bilingual`: a refine's `message` in English and
 * `params: { zh, en }`) in the user's language: zod prefers a rule's own message to any error map, so
 * the words are put back from the params after the resolver ran.
 */
function bilingualResolver<S extends FormSchema>(schema: S): Resolver<z.input<S>, unknown, z.output<S>> {
  const base = zodResolver(schema, { error: plainError }) as Resolver<z.input<S>, unknown, z.output<S>>;
  return async (values, context, options) => {
    const result = await base(values, context, options);
    if (Object.keys(result.errors).length === 0) return result;
    const parsed = await schema.safeParseAsync(values);
    for (const issue of parsed.error?.issues ?? []) {
      const params = (issue as { params?: { zh?: unknown; en?: unknown } }).params;
      if (issue.code !== 'custom' || typeof params?.zh !== 'string' || typeof params.en !== 'string')
        continue;
      let at: Record<string, unknown> | undefined = result.errors as Record<string, unknown>;
      for (const key of issue.path) at = at?.[String(key)] as Record<string, unknown> | undefined;
      if (at && typeof at.message === 'string' && at.message === issue.message)
        at.message = currentLang() === 'en' ? params.en : params.zh;
    }
    return result;
  };
}

export function useZodForm<S extends FormSchema>(schema: S, defaultValues: DefaultValues<z.input<S>>) {
  return useForm<z.input<S>, unknown, z.output<S>>({
    resolver: bilingualResolver(schema),
    defaultValues,
    shouldFocusError: true,
  });
}

/**
 * Puts the server's issues under their fields (the issue's path is the field's name) and focuses the
 * first. Returns the issues no field on the page shows, for a summary above the form.
 */
export function applyIssues<T extends FieldValues>(
  form: FormApi<T>,
  issues: FieldIssue[],
  lang: 'zh' | 'en',
  prefix = '',
): FieldIssue[] {
  const unmatched: FieldIssue[] = [];
  let focused = false;
  for (const issue of issues) {
    const path = prefix && issue.path.startsWith(prefix) ? issue.path.slice(prefix.length) : issue.path;
    const message = issue[lang] || issue.zh;
    if (!document.getElementById(fieldId(path))) {
      unmatched.push(issue);
      continue;
    }
    form.setError(path as FieldPath<T>, { type: issue.rule, message }, { shouldFocus: !focused });
    if (!focused) document.getElementById(fieldId(path))?.focus();
    focused = true;
  }
  return unmatched;
}

/** The accessibility props a control gets from its field: its id, invalid state and descriptions. */
export interface ControlProps {
  id: string;
  /** For a group of controls (radios, checkboxes): the id of the text naming the group. */
  'aria-labelledby'?: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
  'aria-required'?: true;
}

// biome-ignore lint/suspicious/noExplicitAny: any output type: a field only reads and writes the input side
export type FormApi<T extends FieldValues> = UseFormReturn<T, any, any>;

export function FormField<T extends FieldValues, N extends FieldPath<T> = FieldPath<T>>({
  form,
  name,
  label,
  extra,
  required,
  children,
  className,
  group,
}: {
  form: FormApi<T>;
  name: N;
  label: ReactNode;
  extra?: ReactNode;
  required?: boolean;
  className?: string;
  /** A group of controls: the label names it (aria-labelledby) instead of labelling one input. */
  group?: boolean;
  children: (
    field: ControlProps & {
      value: FieldPathValue<T, N>;
      // biome-ignore lint/suspicious/noExplicitAny: antd controls pass events or values of their own types
      onChange: (value: any) => void;
      onBlur: () => void;
      ref: (el: unknown) => void;
    },
  ) => ReactNode;
}) {
  const { field, fieldState } = useController({ control: form.control, name });
  const id = fieldId(name);
  const error = fieldState.error?.message;
  const described = [extra ? `${id}-extra` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <Form.Item
      label={group ? <span id={`${id}-label`}>{label}</span> : label}
      htmlFor={group ? undefined : id}
      required={required}
      className={className}
      validateStatus={error ? 'error' : undefined}
      help={
        error ? (
          <span id={`${id}-error`} className="field-error" role="alert">
            {error}
          </span>
        ) : undefined
      }
      extra={extra ? <span id={`${id}-extra`}>{extra}</span> : undefined}
    >
      {children({
        id,
        value: field.value,
        onChange: field.onChange,
        onBlur: field.onBlur,
        ref: field.ref,
        ...(error ? { 'aria-invalid': true as const } : {}),
        ...(described ? { 'aria-describedby': described } : {}),
        ...(required ? { 'aria-required': true as const } : {}),
        ...(group ? { 'aria-labelledby': `${id}-label` } : {}),
      })}
    </Form.Item>
  );
}

/** Messages of errors whose field is not on the page. */
function strayMessages(errors: FieldErrors, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(errors)) {
    if (!value || typeof value !== 'object') continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const e = value as { message?: unknown; type?: unknown };
    if (typeof e.message === 'string' && typeof e.type === 'string') {
      if (!document.getElementById(fieldId(path))) out.push(e.message);
    } else out.push(...strayMessages(value as FieldErrors, path));
  }
  return out;
}

/** A `<form>` laid out by Ant Design (labels above fields) that submits through the zod schema. */
export function ZodForm<T extends FieldValues, O>({
  form,
  onValid,
  children,
  testId,
  className,
  layout = 'vertical',
}: {
  form: UseFormReturn<T, unknown, O>;
  onValid: (values: O) => void | Promise<void>;
  children: ReactNode;
  testId?: string;
  className?: string;
  layout?: 'vertical' | 'horizontal';
}) {
  // Errors on no field of the page (a rule on the whole form) are listed above the button, so a
  // refused submit never looks like nothing happened.
  const [stray, setStray] = useState<string[]>([]);
  return (
    <Form layout={layout} component={false}>
      <form
        noValidate
        className={className}
        data-testid={testId}
        onSubmit={(e) => {
          setStray([]);
          void form.handleSubmit(onValid, (errors) => setStray(strayMessages(errors)))(e);
        }}
      >
        {children}
        {stray.length > 0 ? (
          <Alert type="error" role="alert" title={stray.join('；')} className="form-stray" />
        ) : null}
      </form>
    </Form>
  );
}

/** A yes/no field: a checkbox with its own text, under the field's label. */
export function CheckField<T extends FieldValues>({
  form,
  name,
  label,
  text,
  extra,
}: {
  form: FormApi<T>;
  name: FieldPath<T>;
  label: ReactNode;
  text: ReactNode;
  extra?: ReactNode;
}) {
  return (
    <FormField form={form} name={name} label={label} extra={extra}>
      {(f) => (
        <Checkbox id={f.id} checked={Boolean(f.value)} onChange={(e) => f.onChange(e.target.checked)}>
          {text}
        </Checkbox>
      )}
    </FormField>
  );
}

/** The form's submit button: busy (and saying so, when `busyLabel` is given) while it submits. */
export function SubmitButton({
  form,
  children,
  busyLabel,
  testId,
  danger,
  block,
}: {
  form: { formState: { isSubmitting: boolean } };
  children: ReactNode;
  busyLabel?: ReactNode;
  testId?: string;
  danger?: boolean;
  block?: boolean;
}) {
  const busy = form.formState.isSubmitting;
  return (
    <Button
      type="primary"
      htmlType="submit"
      loading={busy}
      danger={danger}
      block={block}
      data-testid={testId}
    >
      {busy && busyLabel ? busyLabel : children}
    </Button>
  );
}
