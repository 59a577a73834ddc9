/**
 * What a measure's page shows of how the catalogue reads the text (issue 8): each condition with the
 * clause's words it implements or the reading that explains it, the readings themselves, the measures
 * one project may also fall under (resolved by 从优、就高 or left to the reviewer), and the stage plan.
 */
import { Card, Tag } from 'antd';
import { Link } from 'react-router';
import type { Text } from '../../catalogue-data.tsx';
import { useCatalogue } from '../../catalogue-data.tsx';
import { useI18n } from '../../i18n/index.ts';

interface Leaf {
  fact: string;
  label: Text;
  quote?: string;
  reading?: string;
}
type Cond = Leaf | { all: Cond[] } | { any: Cond[] } | { not: Cond };
export interface Reading {
  id: string;
  quote: string;
  zh: string;
  en: string;
}
export interface Overlap {
  measureId: string;
  mode: 'auto' | 'review';
  via: string;
  title: Text | null;
}
export interface StagePlan {
  staged: boolean;
  weights: number[];
  basis: Text;
}

function leaves(conds: Cond[]): Leaf[] {
  return conds.flatMap((c): Leaf[] => {
    if ('all' in c) return leaves(c.all);
    if ('any' in c) return leaves(c.any);
    if ('not' in c) return leaves([c.not]);
    return [c];
  });
}

const anchor = (id: string) => `reading-${id.replace(/[^\w-]/g, '_')}`;

/** Each condition with its source: the clause's words (引文) or the catalogue's reading (解读). */
export function ConditionSources({ conditions }: { conditions: Cond[] }) {
  const { t, pick } = useI18n('catalogue');
  const all = leaves(conditions);
  if (all.length === 0) return null;
  return (
    <Card title={<h2 className="card-h2">{t('measure.conditions')}</h2>} className="section-card">
      <ol className="cond-sources" data-testid="condition-sources">
        {all.map((c, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no id; order is the catalogue's
          <li key={i} data-fact={c.fact}>
            {pick(c.label)}
            {c.quote ? (
              <blockquote className="clause small" lang="zh-CN">
                {c.quote}
              </blockquote>
            ) : null}
            {c.reading ? (
              <div className="small">
                <a href={`#${anchor(c.reading)}`}>
                  <Tag color="purple">{t('measure.readingTag')}</Tag>
                </a>
              </div>
            ) : null}
          </li>
        ))}
      </ol>
    </Card>
  );
}

/** The readings the catalogue made of the clause, each with the words it reads. */
export function Readings({ readings }: { readings: Reading[] }) {
  const { t, lang } = useI18n('catalogue');
  if (readings.length === 0) return null;
  return (
    <Card title={<h2 className="card-h2">{t('measure.readings')}</h2>} className="section-card">
      <p className="small muted">{t('measure.readingsIntro')}</p>
      <ul className="plain readings" data-testid="readings">
        {readings.map((r) => (
          <li key={r.id} id={anchor(r.id)} data-reading={r.id}>
            <blockquote className="clause small" lang="zh-CN">
              {r.quote}
            </blockquote>
            <p>{lang === 'en' ? r.en || r.zh : r.zh}</p>
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** Measures one project may also fall under, and who decides between them. */
export function Overlaps({ overlaps }: { overlaps: Overlap[] }) {
  const { t, pick } = useI18n('catalogue');
  const cat = useCatalogue();
  if (overlaps.length === 0) return null;
  const title = (id: string) => {
    const m = cat.data?.measures.find((x) => x.id === id);
    return m ? pick(m.title) : '';
  };
  return (
    <Card title={<h2 className="card-h2">{t('measure.overlaps')}</h2>} className="section-card">
      <p className="small muted">{t('measure.overlapsIntro')}</p>
      <ul className="plain" data-testid="overlaps">
        {overlaps.map((o) => (
          <li key={o.measureId} data-mode={o.mode}>
            <Link to={`/catalogue/${encodeURIComponent(o.measureId)}`} className="mono">
              {o.measureId}
            </Link>{' '}
            {title(o.measureId)}{' '}
            <Tag color={o.mode === 'review' ? 'warning' : 'default'}>
              {o.mode === 'review' ? t('measure.overlapReview') : t('measure.overlapAuto')}
            </Tag>
            {o.title ? <span className="small muted">{pick(o.title)}</span> : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** 分阶段: whether the text pays in stages and what the workflow proposes (not a number the text gives). */
export function StagePlanText({ plan, stages }: { plan: StagePlan; stages: Text | null }) {
  const { t, pick } = useI18n('catalogue');
  return (
    <span data-testid="stage-plan">
      {plan.staged ? <Tag color="blue">{t('measure.staged')}</Tag> : null}
      {stages ? pick(stages) : pick(plan.basis)}
      {plan.staged && stages ? <div className="small muted">{pick(plan.basis)}</div> : null}
    </span>
  );
}
