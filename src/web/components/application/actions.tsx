/**
 * The decisions the server says the caller may take on an application (`actions`), each a small form
 * on the API's own request schema (src/api/schemas.ts). Amounts are typed in 万元 (元 by the switch),
 * echoed, and confirmed when far below what was asked or outside the allowed range; the approver sees
 * the amount and the recommendation's reason before approving. The server re-checks everything.
 */
import { Alert, Button, Descriptions, Flex, Input, InputNumber, Modal } from 'antd';
import { useState } from 'react';
import { z } from 'zod';
import { objectionBody, publishNoticeBody, reasonField } from '../../../api/schemas.ts';
import {
  type AmountWarning,
  amountWarnings,
  formatWanGrouped,
  formatWanRange,
  formatYuan,
  parseMoney,
  splitIntoStages,
} from '../../../core/money.ts';
import type { ApplicationDetail } from '../../../service/applications/views.ts';
import { ApiError, api } from '../../api.ts';
import { type I18n, translate, useI18n } from '../../i18n/index.ts';
import { applyIssues, FormField, useZodForm, ZodForm } from '../form.tsx';
import { Ceiling, Money, MoneyInput, type MoneyValue, moneyField, moneyValue } from '../money.tsx';
import { ErrorBox } from '../status.tsx';
import { storedEvaluation } from './entitlement.tsx';
import { actionLabel } from './labels.tsx';

/** The URL of each workflow action under /api/applications/:id/ (docs/workflow.md). */
export const ACTION_PATH: Record<string, string> = {
  submit: 'submit',
  withdraw: 'withdraw',
  accept: 'accept',
  return: 'return',
  start_review: 'start-review',
  recommend: 'recommend',
  send_back: 'send-back',
  reject: 'reject',
  approve: 'approve',
  publish_notice: 'publish-notice',
  object: 'objections',
  uphold_objection: 'objections/uphold',
  dismiss_objection: 'objections/dismiss',
  close_notice: 'close-notice',
  schedule_stages: 'stages',
  close: 'close',
};

/** Actions that must say why (core/workflow.ts: requiresReason). */
const NEEDS_REASON = new Set(['return', 'reject', 'send_back', 'uphold_objection', 'dismiss_objection']);
/** Actions that end a case or refuse: a danger button. */
export const DANGER = new Set(['withdraw', 'reject', 'return', 'send_back', 'uphold_objection']);

const reasonRequired = z.object({ reason: reasonField.min(1) });
const reasonOptional = z.object({ reason: reasonField });
const recommendForm = z.object({ amount: moneyField, reason: reasonField });
// The API's own field rules; the form object is not strict (it holds every action's fields).
const publishForm = z.object({ days: publishNoticeBody.shape.days.unwrap() });
const objectForm = z.object({ raisedBy: objectionBody.shape.raisedBy, text: objectionBody.shape.text });
const stagesForm = z.object({
  weights: z
    .string()
    .trim()
    .transform((s, ctx) => {
      const w = s
        .split(/[,，\s]+/)
        .filter(Boolean)
        .map(Number);
      if (w.length === 0 || w.length > 12 || w.some((x) => !Number.isInteger(x) || x <= 0 || x > 1000)) {
        ctx.addIssue({ code: 'custom', message: translate('apps.weightsHint') });
        return z.NEVER;
      }
      return w;
    }),
});

function warningText(
  w: AmountWarning,
  t: I18n<'applications'>['t'],
  ctx: { requested: string; range: string },
) {
  return t(`amount.warn.${w}` as never, ctx);
}

/** The last recommendation's reason, for the approver. */
function recommendation(app: ApplicationDetail) {
  return [...app.timeline].reverse().find((e) => e.action === 'recommend') ?? null;
}

export function ActionForm({
  app,
  action,
  onDone,
}: {
  app: ApplicationDetail;
  action: string;
  onDone: (message: string) => void;
}) {
  const { t, lang, pick } = useI18n('applications');
  const [error, setError] = useState<unknown>(null);
  const [modal, holder] = Modal.useModal();
  const range = app.range ?? storedEvaluation(app.entitlement)?.amount ?? null;
  // Proposed at the ceiling (最高可获): below it the server asks for a written reason (REASON_REQUIRED).
  const ceiling = range ? range.max : null;
  const schema =
    action === 'recommend'
      ? recommendForm
      : action === 'publish_notice'
        ? publishForm
        : action === 'schedule_stages'
          ? stagesForm
          : action === 'object'
            ? objectForm
            : NEEDS_REASON.has(action)
              ? reasonRequired
              : reasonOptional;
  const form = useZodForm(
    schema as typeof reasonOptional,
    {
      reason: '',
      amount: moneyValue(app.recommendedAmount ?? ceiling, 'wan'),
      days: 7,
      // The plan the workflow proposes (the text's 分阶段; 4:3:3 is the platform's default, not the text's).
      weights: app.stagePlan.weights.join(','),
      raisedBy: '',
      text: '',
    } as never,
  );
  const formAny = form as unknown as ReturnType<typeof useZodForm<typeof recommendForm>>;

  async function post(body: Record<string, unknown>) {
    setError(null);
    try {
      await api('POST', `/api/applications/${app.id}/${ACTION_PATH[action]}`, {
        ...body,
        version: app.version,
      });
      onDone(t('action.done', { action: actionLabel(action, lang) }));
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) applyIssues(form, err.issues, lang);
      // An amount below the ceiling needs the written reason: the server's words, on the reason field.
      else if (err instanceof ApiError && err.code === 'REASON_REQUIRED' && err.text)
        form.setError('reason', { type: err.code, message: err.text[lang] }, { shouldFocus: true });
      else if (err instanceof ApiError && err.code === 'OUT_OF_RANGE' && err.text && action === 'recommend')
        formAny.setError('amount', { type: err.code, message: err.text[lang] }, { shouldFocus: true });
      else if (err instanceof ApiError && err.status === 409 && /version/i.test(err.text?.en ?? ''))
        onDone(t('apps.conflict'));
      else setError(err);
    }
  }

  async function submit(values: Record<string, unknown>) {
    const body: Record<string, unknown> = {};
    if (typeof values.reason === 'string' && values.reason) body.reason = values.reason;
    if (action === 'recommend') {
      const amount = values.amount as number;
      body.amount = amount;
      const warnings = amountWarnings(amount, { requested: app.requestedAmount, range });
      if (warnings.length > 0) {
        const ctx = {
          requested: app.requestedAmount === null ? '—' : formatWanGrouped(app.requestedAmount, lang),
          range: formatWanRange(range, lang),
        };
        const ok = await modal.confirm({
          title: t('amount.confirmTitle'),
          content: (
            <div data-testid="amount-confirm">
              <p>
                {t('amount.youTyped')} <strong>{formatWanGrouped(amount, lang)}</strong>（{formatYuan(amount)}
                ）
              </p>
              <ul>
                {warnings.map((w) => (
                  <li key={w}>{warningText(w, t, ctx)}</li>
                ))}
              </ul>
            </div>
          ),
          okText: t('amount.confirmOk'),
          cancelText: t('amount.confirmBack'),
        });
        if (!ok) return;
      }
    }
    if (action === 'publish_notice') body.days = values.days;
    if (action === 'schedule_stages') body.weights = values.weights;
    if (action === 'object') {
      body.raisedBy = values.raisedBy;
      body.text = values.text;
    }
    await post(body);
  }

  const rec = action === 'approve' ? recommendation(app) : null;
  // Below the ceiling the amount rests on a written reason (the approver may rely on the reviewer's).
  const typed =
    action === 'recommend' ? (form.watch('amount' as never) as unknown as MoneyValue | undefined) : undefined;
  const typedFen = typed ? parseMoney(typed.text, typed.unit) : null;
  const belowCeiling =
    ceiling !== null &&
    (action === 'recommend'
      ? typedFen?.ok === true && typedFen.fen < ceiling
      : action === 'approve' && app.recommendedAmount !== null && app.recommendedAmount < ceiling);
  const reasonNeeded =
    NEEDS_REASON.has(action) || (belowCeiling && !(action === 'approve' && app.recommendedReason));
  const weightsText = action === 'schedule_stages' ? String(form.watch('weights' as never) ?? '') : '';
  const preview = (() => {
    if (action !== 'schedule_stages' || app.approvedAmount === null) return null;
    const w = weightsText
      .split(/[,，\s]+/)
      .filter(Boolean)
      .map(Number);
    if (w.length === 0 || w.some((x) => !Number.isInteger(x) || x <= 0)) return null;
    return splitIntoStages(app.approvedAmount, w);
  })();

  return (
    <div className="action-form" data-testid={`form-${action}`}>
      {holder}
      <ZodForm form={form} onValid={(v) => submit(v as Record<string, unknown>)}>
        {action === 'approve' ? (
          <Descriptions
            column={1}
            size="small"
            bordered
            className="approve-summary"
            data-testid="approve-summary"
          >
            <Descriptions.Item label={t('apps.approveAmount')}>
              <Money fen={app.recommendedAmount} exact strong />
            </Descriptions.Item>
            <Descriptions.Item label={t('apps.range')}>
              <Ceiling range={range} exact={app.range?.exact} />
            </Descriptions.Item>
            <Descriptions.Item label={t('apps.requested')}>
              <Money fen={app.requestedAmount} exact />
            </Descriptions.Item>
            <Descriptions.Item label={t('apps.recommendReason')}>
              <span data-testid="approve-recommend-reason">
                {app.recommendedReason ?? rec?.reason ?? t('apps.noReasonGiven')}
              </span>
            </Descriptions.Item>
          </Descriptions>
        ) : null}
        {action === 'recommend' ? (
          <FormField
            form={formAny}
            name="amount"
            label={t('apps.amount')}
            required
            extra={
              range ? (
                <span data-testid="recommend-range">
                  {t('apps.range')}: {formatWanGrouped(range.min, lang)} ~ {formatWanGrouped(range.max, lang)}
                  {app.range?.formula ? <span className="mono"> · {pick(app.range.formula)}</span> : null}
                  {range.min < range.max ? <> · {t('apps.belowCeilingHint')}</> : null}
                </span>
              ) : undefined
            }
          >
            {(f) => <MoneyInput {...f} value={f.value as never} />}
          </FormField>
        ) : null}
        {action === 'publish_notice' ? (
          <FormField form={form as never} name={'days' as never} label={t('apps.days')} required>
            {(f) => <InputNumber {...f} min={1} max={60} precision={0} />}
          </FormField>
        ) : null}
        {action === 'schedule_stages' ? (
          <>
            <p className="small muted" data-testid="stage-basis">
              {pick(app.stagePlan.basis)}
            </p>
            <FormField
              form={form as never}
              name={'weights' as never}
              label={t('apps.weights')}
              extra={t('apps.weightsHint')}
              required
            >
              {(f) => <Input {...f} />}
            </FormField>
            {preview ? (
              <p className="small" data-testid="stages-preview">
                {preview.map((fen, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the stages are their positions
                  <span key={i}>
                    {t('apps.stage', { n: i + 1 })} <Money fen={fen} />
                    {i < preview.length - 1 ? '；' : ''}
                  </span>
                ))}
              </p>
            ) : null}
          </>
        ) : null}
        {action === 'object' ? (
          <FormField form={form as never} name={'raisedBy' as never} label={t('apps.raisedBy')} required>
            {(f) => <Input {...f} maxLength={200} />}
          </FormField>
        ) : null}
        {action === 'object' ? (
          <FormField form={form as never} name={'text' as never} label={t('apps.objectionText')} required>
            {(f) => <Input.TextArea {...f} rows={3} maxLength={4000} />}
          </FormField>
        ) : (
          <FormField
            form={form}
            name="reason"
            label={action === 'recommend' ? t('apps.recommendReason') : t('apps.reason')}
            required={reasonNeeded}
            extra={
              belowCeiling && reasonNeeded
                ? t('apps.reasonBelowCeiling', { ceiling: formatWanGrouped(ceiling ?? 0, lang) })
                : undefined
            }
          >
            {(f) => <Input.TextArea {...f} rows={2} maxLength={2000} />}
          </FormField>
        )}
        {error ? <ErrorBox error={error} /> : null}
        <Flex gap={8}>
          <Button
            type="primary"
            danger={DANGER.has(action)}
            htmlType="submit"
            loading={form.formState.isSubmitting}
            data-testid={`do-${action}`}
          >
            {actionLabel(action, lang)}
            {action === 'approve' && app.recommendedAmount !== null
              ? ` ${formatWanGrouped(app.recommendedAmount, lang)}`
              : ''}
          </Button>
        </Flex>
      </ZodForm>
      {action === 'recommend' && range === null ? <Alert type="warning" title={t('apps.noRange')} /> : null}
    </div>
  );
}
