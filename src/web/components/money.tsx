/**
 * Money as officers read it, one way everywhere: amounts shown in 万元 with thousands separators
 * (exact to the fen on hover, or beside it in a detail), and one input that takes 万元 — or 元 by an
 * explicit switch — and echoes what it understood ("= 150万元"). Parsing and arithmetic are the core's
 * (src/core/money.ts): the browser never multiplies money.
 */
import { Input, Select, Space, Tooltip } from 'antd';
import { z } from 'zod';
import { fen as fenSchema } from '../../api/schemas.ts';
import {
  type Fen,
  fenToInput,
  formatWanGrouped,
  formatWanRange,
  formatYuan,
  type MoneyUnit,
  parseMoney,
} from '../../core/money.ts';
import { translate, useI18n } from '../i18n/index.ts';
import type { ControlProps } from './form.tsx';

/** 1,500万元, with ¥15,000,000.00 on hover; `exact` shows the yuan figure beside it. */
export function Money({
  fen,
  exact,
  strong,
}: {
  fen: Fen | null | undefined;
  exact?: boolean;
  strong?: boolean;
}) {
  const { lang } = useI18n();
  if (fen === null || fen === undefined) return <span className="money money-none">—</span>;
  const wan = formatWanGrouped(fen, lang);
  const yuan = formatYuan(fen);
  const body = strong ? <strong>{wan}</strong> : wan;
  if (exact)
    return (
      <span className="money" data-fen={fen}>
        {body}
        <span className="money-exact">（{yuan}）</span>
      </span>
    );
  return (
    <Tooltip title={yuan}>
      <span className="money" data-fen={fen}>
        {body}
      </span>
    </Tooltip>
  );
}

/** A range "0 ~ 2,000万元", one figure when exact; the exact yuan bounds on hover. */
export function MoneyRange({ range }: { range: { min: Fen; max: Fen } | null | undefined }) {
  const { lang } = useI18n();
  if (!range) return <span className="money money-none">—</span>;
  const exact =
    range.min === range.max ? formatYuan(range.max) : `${formatYuan(range.min)} ~ ${formatYuan(range.max)}`;
  return (
    <Tooltip title={exact}>
      <span className="money" data-min={range.min} data-max={range.max}>
        {formatWanRange(range, lang)}
      </span>
    </Tooltip>
  );
}

/**
 * An entitlement as officers read it: one figure when the text fixes it (`exact`); otherwise "最高可获"
 * the ceiling, with the range it is decided within beside it ("不超过 X%、最高 N 万元" is a ceiling the
 * officer decides within, not a sum). `testId` marks the figure itself (its fen in `data-max`).
 */
export function Ceiling({
  range,
  exact,
  testId,
}: {
  range: { min: Fen; max: Fen } | null | undefined;
  /** The calculator's `exact`; without it, a range of one figure counts as exact. */
  exact?: boolean;
  testId?: string;
}) {
  const { t } = useI18n();
  if (!range || (exact ?? range.min === range.max))
    return (
      <span data-testid={testId} data-max={range?.max}>
        <MoneyRange range={range} />
      </span>
    );
  return (
    <span className="ceiling">
      {t('money.upTo')}{' '}
      <span data-testid={testId} data-max={range.max}>
        <Money fen={range.max} />
      </span>
      <span className="money-exact">
        {' '}
        （{t('money.range')} <MoneyRange range={range} />）
      </span>
    </span>
  );
}

/** What a money field holds while it is being typed: the text as typed and its unit. */
export interface MoneyValue {
  text: string;
  unit: MoneyUnit;
}

export function moneyValue(fen: Fen | null | undefined, unit: MoneyUnit = 'wan'): MoneyValue {
  return { text: fen === null || fen === undefined ? '' : fenToInput(fen, unit), unit };
}

const EMPTY: MoneyValue = { text: '', unit: 'wan' };

const moneyText = z.object({ text: z.string(), unit: z.enum(['wan', 'yuan']) });

function parsed(v: MoneyValue | null | undefined, ctx: z.RefinementCtx, required: boolean): Fen | null {
  if (!v || v.text.trim() === '') {
    if (required) ctx.addIssue({ code: 'custom', message: translate('form.required') });
    return null;
  }
  const r = parseMoney(v.text, v.unit);
  if (r.ok) return r.fen;
  ctx.addIssue({ code: 'custom', message: translate(`money.${r.error}`) });
  return null;
}

/** A required amount: the typed text → fen, then the API's own `fen` rule. */
export const moneyField = moneyText
  .nullish()
  .transform((v, ctx) => parsed(v, ctx, true) ?? 0)
  .pipe(fenSchema);
/** An optional amount: empty (or a field never touched) → null. */
export const optionalMoneyField = moneyText
  .nullish()
  .transform((v, ctx) => parsed(v, ctx, false))
  .pipe(fenSchema.nullable());

/** "= 150万元（¥1,500,000.00）" for what is typed, or nothing while it is not a number. */
export function moneyEcho(value: MoneyValue, lang: 'zh' | 'en'): string | null {
  if (value.text.trim() === '') return null;
  const r = parseMoney(value.text, value.unit);
  if (!r.ok) return null;
  return `= ${formatWanGrouped(r.fen, lang)}（${formatYuan(r.fen)}）`;
}

export function MoneyInput({
  value: given,
  onChange,
  onBlur,
  id,
  name,
  ...aria
}: Omit<ControlProps, 'id'> & {
  id: string;
  name?: string;
  /** Nothing yet (a field never touched) reads as empty, in 万元. */
  value: MoneyValue | null | undefined;
  onChange: (value: MoneyValue) => void;
  onBlur?: () => void;
}) {
  const { t, lang } = useI18n();
  const value = given ?? EMPTY;
  const echo = moneyEcho(value, lang);
  const echoId = `${id}-echo`;
  const describedBy = [aria['aria-describedby'], echoId].filter(Boolean).join(' ');
  return (
    <div className="money-input">
      <Space.Compact block>
        <Input
          {...aria}
          id={id}
          name={name}
          inputMode="decimal"
          autoComplete="off"
          className="amount"
          value={value.text}
          aria-describedby={describedBy}
          onChange={(e) => onChange({ ...value, text: e.target.value })}
          onBlur={onBlur}
        />
        <Select<MoneyUnit>
          aria-label={t('money.unit')}
          className="money-unit"
          value={value.unit}
          onChange={(unit) => onChange({ ...value, unit })}
          options={[
            { value: 'wan', label: t('money.wan') },
            { value: 'yuan', label: t('money.yuan') },
          ]}
          popupMatchSelectWidth={false}
        />
      </Space.Compact>
      <div className="money-echo" id={echoId} aria-live="polite" data-testid="money-echo">
        {echo ?? (value.unit === 'yuan' ? t('money.inYuan') : t('money.inWan'))}
      </div>
    </div>
  );
}
