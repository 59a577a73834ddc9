/**
 * The live entitlement on the 揭榜 form: what Ceyuan would fund for this bid at the 揭榜额 typed, asked of
 * the calculator as the amount changes (GET /api/challenges/problems/:id/entitlement?amount). It shows
 * the measure, the ceiling (30% × 揭榜额, capped at 2000 万元: a ceiling the officer decides within), the
 * formula, 从优就高不重复 with the other list's measure, and — for a bidder the measure does not cover —
 * the engine's reasons line by line.
 */
import { Alert, Card, Descriptions, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { parseMoney } from '../../../core/money.ts';
import { ApiError, api } from '../../api.ts';
import { Ceiling, type MoneyValue } from '../../components/money.tsx';
import { ErrorBox } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import type { BidEntitlement } from './shared.tsx';

export function useEntitlement(problemId: string, value: MoneyValue | undefined) {
  const [state, setState] = useState<{ amount: number | null; data: BidEntitlement | null; error: unknown }>({
    amount: null,
    data: null,
    error: null,
  });
  const parsed = value && value.text.trim() !== '' ? parseMoney(value.text, value.unit) : null;
  const fen = parsed?.ok && parsed.fen > 0 ? parsed.fen : null;
  useEffect(() => {
    if (fen === null) {
      setState({ amount: null, data: null, error: null });
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      api<BidEntitlement>('GET', `/api/challenges/problems/${problemId}/entitlement?amount=${fen}`).then(
        (data) => live && setState({ amount: fen, data, error: null }),
        (error: unknown) => live && setState({ amount: fen, data: null, error }),
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [problemId, fen]);
  return { ...state, pending: fen !== state.amount };
}

export function EntitlementPanel({ entitlement }: { entitlement: ReturnType<typeof useEntitlement> }) {
  const { t, pick } = useI18n('challenges');
  const e = entitlement.data;
  return (
    <Card
      className="section-card entitlement-box"
      title={<h2 className="card-heading">{t('challenges.entitlementTitle')}</h2>}
      data-testid="entitlement"
      data-outcome={e?.outcome ?? ''}
      aria-busy={entitlement.pending}
    >
      <div aria-live="polite">
        {entitlement.error && !(entitlement.error instanceof ApiError && entitlement.error.issues.length) ? (
          <ErrorBox error={entitlement.error} />
        ) : null}
        {!e && !entitlement.error ? <p>{t('challenges.entitlementWaiting')}</p> : null}
        {e ? (
          <>
            <Descriptions
              column={1}
              size="small"
              items={[
                {
                  key: 'measure',
                  label: t('challenges.measure'),
                  children: (
                    <span>
                      {e.measureId} {pick(e.clause.citation)}
                    </span>
                  ),
                },
                {
                  key: 'amount',
                  label: t('challenges.ceiling'),
                  children: e.amount ? (
                    <strong className="entitlement-figure">
                      <Ceiling range={e.amount} testId="entitlement-max" />
                    </strong>
                  ) : (
                    <span data-testid="entitlement-none">{t('challenges.noEntitlement')}</span>
                  ),
                },
                ...(e.formula
                  ? [
                      {
                        key: 'formula',
                        label: t('challenges.formula'),
                        children: <span data-testid="entitlement-formula">{pick(e.formula)}</span>,
                      },
                    ]
                  : []),
              ]}
            />
            {e.simulated ? <Alert type="info" showIcon title={t('challenges.simulated')} /> : null}
            {!e.eligible ? (
              <Alert
                type={e.outcome === 'ineligible' ? 'error' : 'warning'}
                showIcon
                data-testid="entitlement-refused"
                title={e.outcome === 'ineligible' ? t('challenges.refused') : t('challenges.notFunded')}
              />
            ) : null}
            {e.displacedBy ? (
              <Alert
                type="warning"
                showIcon
                title={t('challenges.displaced', { measure: e.displacedBy.measureId })}
                description={pick(e.displacedBy.reason)}
              />
            ) : e.eligible ? (
              <p className="small">{t('challenges.bestOfNote')}</p>
            ) : null}
            <Typography.Paragraph className="small" strong>
              {t('challenges.why')}
            </Typography.Paragraph>
            <ul className="plain-list small" data-testid="entitlement-reasons">
              {e.reasons.map((r) => (
                <li key={r.zh}>{pick(r)}</li>
              ))}
              {e.warnings.map((w) => (
                <li key={w.zh} className="warning-line">
                  {pick(w)}
                </li>
              ))}
            </ul>
            <Typography.Paragraph className="challenge-quote small">
              “{e.clause.quote}”（{pick(e.clause.citation)}）
            </Typography.Paragraph>
            <p className="small">{t('challenges.ceilingNote')}</p>
          </>
        ) : null}
      </div>
    </Card>
  );
}
