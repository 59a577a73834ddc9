/**
 * A target as a card (the dashboard and the public targets page): latest value, the 2030 target,
 * status with its signal, sparkline over the required path, and — on the internal dashboard only —
 * overdue values, money under the linked measures and the responsible department. Cards are grouped
 * by the plan's own sections.
 */
import { Alert, Card, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { Money } from '../../components/money.tsx';
import { useI18n } from '../../i18n/index.ts';
import {
  DemoTag,
  formatTarget,
  formatValue,
  type PublicCard,
  Sparkline,
  StatusTag,
  type TargetCard,
} from './shared.tsx';

/** Items in the plan's order, grouped by its sections (二（二）科技创新强化源动力 …). */
export function bySection<T extends { section: string }>(items: T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const c of items) groups.set(c.section, [...(groups.get(c.section) ?? []), c]);
  return [...groups];
}

function isInternal(card: PublicCard | TargetCard): card is TargetCard {
  return 'funding' in card;
}

export function TargetCardView({ card, to }: { card: PublicCard | TargetCard; to: string }) {
  const { t, pick, lang } = useI18n('plan');
  const latest = card.latest;
  const internal = isInternal(card) ? card : null;
  return (
    <Card
      className="plan-card"
      size="small"
      data-testid={`card-${card.id}`}
      data-signal={card.signal}
      title={
        <h3 className="plan-card-title">
          <Link to={to}>{pick(card.title)}</Link>
        </h3>
      }
    >
      <p className="plan-card-status">
        <StatusTag card={card} testId={`status-${card.id}`} />
        <span className="small">{pick(card.kindLabel)}</span>
      </p>
      <dl className="plan-facts">
        <div>
          <dt>{t('plan.latest')}</dt>
          <dd>
            {latest && card.kind !== 'qualitative' ? (
              <>
                <strong data-testid={`value-${card.id}`}>{formatValue(latest.value, card.unit, lang)}</strong>{' '}
                <span className="small">{latest.period}</span> {latest.isDemo ? <DemoTag /> : null}
                {latest.derived ? <Tag>{t('plan.derived')}</Tag> : null}
              </>
            ) : latest ? (
              <>
                <span className="small">{latest.period}</span> {latest.isDemo ? <DemoTag /> : null}
              </>
            ) : (
              t('plan.noValue')
            )}
          </dd>
        </div>
        <div>
          <dt>{t('plan.target', { year: card.targetYear })}</dt>
          <dd>{card.kind === 'qualitative' ? t('plan.qualitative') : formatTarget(card, lang)}</dd>
        </div>
        {card.required !== null ? (
          <div>
            <dt>{t('plan.required')}</dt>
            <dd>{formatValue(card.required, card.unit, lang)}</dd>
          </div>
        ) : null}
        {card.forecast ? (
          <div>
            <dt>{t('plan.forecast', { year: card.forecast.year })}</dt>
            <dd>{formatValue(card.forecast.value, card.unit, lang)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('plan.baseline')}</dt>
          <dd>{pick(card.baseline.label)}</dd>
        </div>
      </dl>
      <Sparkline card={card} label={t('plan.sparkLabel', { title: pick(card.title) })} />
      <Typography.Paragraph className="small plan-reason">{pick(card.reason)}</Typography.Paragraph>
      {internal && internal.overdue.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={t('plan.overdue', { periods: internal.overdue.map((o) => o.period).join('、') })}
        />
      ) : null}
      {internal && internal.funding.committed + internal.funding.paid > 0 ? (
        <dl className="plan-facts plan-money">
          <div>
            <dt>{t('plan.committed')}</dt>
            <dd>
              <Money fen={internal.funding.committed} />
            </dd>
          </div>
          <div>
            <dt>{t('plan.paid')}</dt>
            <dd>
              <Money fen={internal.funding.paid} />
            </dd>
          </div>
        </dl>
      ) : null}
      {internal ? (
        <p className="small plan-dept">
          {t('plan.department')}：{internal.department}
        </p>
      ) : null}
    </Card>
  );
}

/** Sections of cards, each under its heading. */
export function CardSections({
  cards,
  to,
}: {
  cards: (PublicCard | TargetCard)[];
  to: (id: string) => string;
}) {
  return (
    <>
      {bySection(cards).map(([section, group]) => (
        <section key={section} className="plan-section">
          <h2 className="plan-section-title">{section}</h2>
          <div className="plan-grid">
            {group.map((c) => (
              <TargetCardView key={c.id} card={c} to={to(c.id)} />
            ))}
          </div>
        </section>
      ))}
    </>
  );
}
