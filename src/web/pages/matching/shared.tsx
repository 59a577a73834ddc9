/**
 * What the 双向发榜 pages share: the reference data (GET /api/matching/reference: every code's label,
 * the factors and their points, states, clocks) — labels of codes always come from there, never from
 * the dictionaries — a listing's facts, and a match's score explained factor by factor.
 */
import { Descriptions, Empty, Progress, Space, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { Funnel } from '../../../core/matching/funnel.ts';
import type { Band } from '../../../core/matching/listing.ts';
import type { MatchView } from '../../../service/matching/find-matches.ts';
import type { QueueItem } from '../../../service/matching/read-broker-queue.ts';
import type { InterestView, ListingView } from '../../../service/matching/views.ts';
import { useApi } from '../../api.ts';
import { Money } from '../../components/money.tsx';
import { formatDate } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';

export type { Funnel, InterestView, ListingView, MatchView, QueueItem };

export interface Text {
  zh: string;
  en: string;
}
interface Coded {
  code: string;
  label: Text;
}

/** GET /api/matching/reference (src/api/routes/matching.ts). */
export interface MatchingReference {
  sides: (Coded & { publisherKinds: string[] })[];
  trl: { level: number; label: Text }[];
  requiredTrl: { timelineMonthsUpTo: number; trl: number }[];
  ipStatuses: Coded[];
  patentKinds: Coded[];
  offerNeeds: Coded[];
  transferModes: Coded[];
  ipExpectations: Coded[];
  sectors: ({ code: string } & Text)[];
  cities: ({ code: string; role: string } & Text)[];
  validity: { defaultDays: number; minDays: number; maxDays: number };
  renewalWindowDays: number;
  thresholds: { match: number; strong: number };
  factors: (Coded & { max: number })[];
  listingStates: Coded[];
  engagementStages: Coded[];
  funnelStages: Coded[];
  projectKinds: (Coded & { measureIds: string[] })[];
  clocks: { interestAnswerDays: number; brokerResponseHours: number; defaultBrokerCapacity: number };
}

export type Page<T> = { items: T[]; total: number; limit: number; offset: number };

export function useMatchingReference() {
  return useApi<MatchingReference>('/api/matching/reference');
}

/** Labels of codes from the reference data, in the chosen language; an unknown code shows as itself. */
export function useLabels(ref: MatchingReference | null) {
  const { lang } = useI18n();
  const text = (t: Text | undefined, code: string) => (t ? t[lang] || t.zh : code);
  const coded = (list: Coded[] | undefined, code: string) =>
    text(list?.find((x) => x.code === code)?.label, code);
  const plain = (list: ({ code: string } & Text)[] | undefined, code: string) =>
    text(
      list?.find((x) => x.code === code),
      code,
    );
  return {
    sector: (code: string) => plain(ref?.sectors, code),
    city: (code: string) => plain(ref?.cities, code),
    side: (code: string) => coded(ref?.sides, code),
    trl: (level: number) => text(ref?.trl.find((x) => x.level === level)?.label, `TRL ${level}`),
    ipStatus: (code: string) => coded(ref?.ipStatuses, code),
    patentKind: (code: string) => coded(ref?.patentKinds, code),
    offerNeed: (code: string) => coded(ref?.offerNeeds, code),
    transferMode: (code: string) => coded(ref?.transferModes, code),
    ipExpectation: (code: string) => coded(ref?.ipExpectations, code),
    projectKind: (code: string) => coded(ref?.projectKinds, code),
    stage: (code: string) => coded(ref?.engagementStages, code),
  };
}
export type Labels = ReturnType<typeof useLabels>;

/** The publisher as a public page may name it: the organisation, or "松江某企业" when anonymous. */
export function publisherOf(l: Pick<ListingView, 'organisation' | 'publisherLabel'>, lang: 'zh' | 'en') {
  return l.organisation?.name ?? (l.publisherLabel[lang] || l.publisherLabel.zh);
}

export function BandText({ band }: { band: Band | null | undefined }) {
  if (!band) return <span className="money money-none">—</span>;
  if (band.min !== null && band.max !== null && band.min !== band.max)
    return (
      <span>
        <Money fen={band.min} /> ~ <Money fen={band.max} />
      </span>
    );
  if (band.min !== null && band.max !== null) return <Money fen={band.max} />;
  if (band.max !== null)
    return (
      <span>
        ≤ <Money fen={band.max} />
      </span>
    );
  return (
    <span>
      ≥ <Money fen={band.min} />
    </span>
  );
}

export function SideTag({ side, labels }: { side: 'need' | 'offer'; labels: Labels }) {
  return (
    // Solid colours with white text: Ant Design's light green tag fails WCAG AA contrast.
    <Tag color={side === 'need' ? '#0b5cad' : '#237804'} data-side={side}>
      {labels.side(side)}
    </Tag>
  );
}

/** Sectors and city of a listing, as tags. */
export function ListingTags({ l, labels }: { l: Pick<ListingView, 'sectors' | 'city'>; labels: Labels }) {
  return (
    <Space size={[4, 4]} wrap>
      {l.sectors.map((s) => (
        <Tag key={s}>{labels.sector(s)}</Tag>
      ))}
      <Tag className="tag-city">{labels.city(l.city)}</Tag>
    </Space>
  );
}

/** A listing's structured facts: a need's scenario, indicators, budget, timeline; an offer's TRL, IP, patents. */
export function ListingFacts({ l, labels }: { l: ListingView; labels: Labels }) {
  const { t, lang } = useI18n('matching');
  const items: { key: string; label: string; children: ReactNode }[] = [
    { key: 'publisher', label: t('matching.publisher'), children: publisherOf(l, lang) },
    { key: 'tags', label: t('matching.sectorsCity'), children: <ListingTags l={l} labels={labels} /> },
  ];
  if (l.keywords.length > 0)
    items.push({ key: 'keywords', label: t('matching.keywords'), children: l.keywords.join('、') });
  if (l.need) {
    const n = l.need;
    if (n.scenario) items.push({ key: 'scenario', label: t('matching.scenario'), children: n.scenario });
    if (n.indicators.length > 0)
      items.push({
        key: 'indicators',
        label: t('matching.indicators'),
        children: (
          <ul className="plain-list">
            {n.indicators.map((i) => (
              <li key={`${i.name}-${i.target}`}>
                {i.name}：{i.target}
              </li>
            ))}
          </ul>
        ),
      });
    items.push({ key: 'budget', label: t('matching.budget'), children: <BandText band={n.budget} /> });
    items.push({
      key: 'timeline',
      label: t('matching.timeline'),
      children: n.timelineMonths ? t('matching.months', { n: n.timelineMonths }) : '—',
    });
    if (n.ipExpectation)
      items.push({
        key: 'ip',
        label: t('matching.ipExpectation'),
        children: labels.ipExpectation(n.ipExpectation),
      });
  }
  if (l.offer) {
    const o = l.offer;
    items.push({ key: 'trl', label: t('matching.trl'), children: `TRL ${o.trl} · ${labels.trl(o.trl)}` });
    items.push({ key: 'ipStatus', label: t('matching.ipStatus'), children: labels.ipStatus(o.ipStatus) });
    if (o.patents.length > 0)
      items.push({
        key: 'patents',
        label: t('matching.patents'),
        children: (
          <ul className="plain-list">
            {o.patents.map((p) => (
              <li key={p.number}>
                {p.number}（{labels.patentKind(p.kind)}）{p.title ? ` ${p.title}` : ''}
              </li>
            ))}
          </ul>
        ),
      });
    if (o.applications)
      items.push({ key: 'applications', label: t('matching.applications'), children: o.applications });
    if (o.needs.length > 0)
      items.push({
        key: 'needs',
        label: t('matching.offerNeeds'),
        children: o.needs.map((x) => labels.offerNeed(x)).join('、'),
      });
    if (o.transferModes.length > 0)
      items.push({
        key: 'modes',
        label: t('matching.transferModes'),
        children: o.transferModes.map((x) => labels.transferMode(x)).join('、'),
      });
    items.push({ key: 'price', label: t('matching.price'), children: <BandText band={o.price} /> });
    if (o.team) items.push({ key: 'team', label: t('matching.team'), children: o.team });
  }
  items.push({ key: 'expires', label: t('matching.expiresOn'), children: formatDate(l.expiresOn) });
  return <Descriptions column={1} size="small" className="facts" items={items} data-testid="listing-facts" />;
}

/** The colour of a score: strong (notifies both sides), a recorded match, or below. */
export function scoreStatus(
  score: number,
  ref: MatchingReference | null,
): 'success' | 'normal' | 'exception' {
  if (!ref) return 'normal';
  return score >= ref.thresholds.strong ? 'success' : score >= ref.thresholds.match ? 'normal' : 'exception';
}

/**
 * Why a pair scored what it did: each factor's points out of its maximum with the reason in words,
 * the words both texts used (and how each side wrote them, when a synonym matched), and what is missing.
 */
export function ScoreExplanation({ m }: { m: MatchView }) {
  const { t, pick } = useI18n('matching');
  // The relevance gate (structured factors scaled by the text relevance), when the API gives it.
  const gate = (m as MatchView & { gate?: { weight: number; reason: Text } }).gate;
  return (
    <div className="score-explanation" data-testid="score-explanation">
      {gate && gate.weight < 1 ? (
        <p className="hint" data-testid="gate">
          {pick(gate.reason)}
        </p>
      ) : null}
      <Table
        size="small"
        pagination={false}
        rowKey="factor"
        dataSource={m.factors}
        data-testid="factors"
        columns={[
          {
            key: 'factor',
            title: t('matching.factor'),
            render: (_: unknown, f: MatchView['factors'][number]) => pick(f.label),
          },
          {
            key: 'points',
            title: t('matching.points'),
            align: 'right',
            className: 'nowrap',
            render: (_: unknown, f: MatchView['factors'][number]) => (
              <span data-factor={f.factor} data-points={f.points}>
                {f.points} / {f.max}
              </span>
            ),
          },
          {
            key: 'reason',
            title: t('matching.reason'),
            render: (_: unknown, f: MatchView['factors'][number]) => pick(f.reason),
          },
        ]}
      />
      <Typography.Title level={4} className="terms-title">
        {t('matching.matchedTerms')}
      </Typography.Title>
      {m.matchedTerms.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('matching.noTerms')} />
      ) : (
        <ul className="matched-terms" data-testid="matched-terms">
          {m.matchedTerms.map((w) => {
            const said = [...new Set([...w.needSaid, ...w.offerSaid])].filter((x) => x !== w.term);
            return (
              <li key={w.term}>
                <Tag color="blue">{w.term}</Tag>
                <span className="term-share">{w.share}%</span>
                {said.length > 0 ? (
                  <span className="term-said">
                    {t('matching.saidAs', {
                      need: w.needSaid.join('、') || '—',
                      offer: w.offerSaid.join('、') || '—',
                    })}
                  </span>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {m.missing.length > 0 ? (
        <>
          <Typography.Title level={4} className="terms-title">
            {t('matching.missing')}
          </Typography.Title>
          <ul className="plain-list" data-testid="missing">
            {m.missing.map((x) => (
              <li key={x.zh}>{pick(x)}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

export function ScoreBadge({ score, reference }: { score: number; reference: MatchingReference | null }) {
  const { t } = useI18n('matching');
  return (
    <Progress
      type="circle"
      size={56}
      percent={score}
      format={(p) => <span data-testid="score">{p}</span>}
      status={scoreStatus(score, reference)}
      aria-label={t('matching.scoreOf', { n: score })}
    />
  );
}
