/**
 * What the bidder-side 揭榜挂帅 pages share: the API's shapes (src/api/routes/challenges-schemas.ts), the
 * reference data (GET /api/challenges/reference: legal bases, every state's label — labels of codes come
 * from there and from the catalogue, never from the dictionaries), a list's facts and a problem's facts.
 */
import { Descriptions, Grid, Space, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import type { FieldValues } from 'react-hook-form';
import { Link } from 'react-router';
import type { BidEntitlement } from '../../../core/challenges/grant.ts';
import type { ListDetail } from '../../../service/challenges/read-lists.ts';
import type {
  BidView,
  ListView,
  MilestoneView,
  ProblemView,
  ProjectView,
} from '../../../service/challenges/views.ts';
import { ApiError, useApi } from '../../api.ts';
import { makeLabeller, useCatalogue } from '../../catalogue-data.tsx';
import type { Column } from '../../components/data-table.tsx';
import { applyIssues, type FormApi } from '../../components/form.tsx';
import { Money } from '../../components/money.tsx';
import { formatDate } from '../../format.ts';
import { type I18n, useI18n } from '../../i18n/index.ts';

export type { BidEntitlement, BidView, ListView, MilestoneView, ProblemView, ProjectView };

export interface Text {
  zh: string;
  en: string;
}

export type { ListDetail };

export type BidVersion = Pick<
  BidView,
  'version' | 'amount' | 'plan' | 'team' | 'partners' | 'milestones' | 'attachments'
> & {
  savedAt: string;
};

export interface Partner {
  id: string;
  name: string;
  uscc: string;
  kind: string;
  city: string;
}

type Machine = 'list' | 'problem' | 'bid' | 'project' | 'milestone';

/** GET /api/challenges/reference. */
export interface ChallengeReference {
  bases: {
    measureId: string;
    list: string;
    name: Text;
    citation: Text;
    quote: string;
    draft: boolean;
    eligibility: Text;
  }[];
  mechanism: { measureId?: string; quote: string; zh: string; en: string }[];
  stageRelease: { quote: string; zh: string; en: string };
  machines: Record<
    Machine,
    { noun: Text; states: { code: string; label: Text }[]; actions: { code: string; label: Text }[] }
  >;
}

export function useChallengeReference() {
  return useApi<ChallengeReference>('/api/challenges/reference');
}

/** Labels of states (from the reference's machines) and of sectors, cities, kinds (the catalogue's). */
export function useLabels() {
  const { lang, pick } = useI18n();
  const ref = useChallengeReference();
  const catalogue = useCatalogue();
  const label = makeLabeller(catalogue.data?.reference, lang);
  return {
    ready: Boolean(ref.data && catalogue.data),
    reference: ref.data,
    sectors: catalogue.data?.reference.sectors ?? [],
    sector: (code: string) => label('sectors', code),
    city: (code: string) => label('cities', code),
    kind: (code: string) => label('orgKinds', code),
    state: (machine: Machine, code: string) => {
      const found = ref.data?.machines[machine]?.states.find((s) => s.code === code);
      return found ? pick(found.label) : code;
    },
  };
}
export type Labels = ReturnType<typeof useLabels>;

const STATE_COLOURS: Record<string, string> = {
  // Solid colours with white text: Ant Design's light tags fail WCAG AA contrast on some states.
  open: '#237804',
  upcoming: '#0b5cad',
  closed: '#595959',
  submitted: '#0b5cad',
  listed: '#237804',
  accepted: '#237804',
  awarded: '#237804',
  racing: '#ad4e00',
  returned: '#ad4e00',
  conditional: '#ad4e00',
  rejected: '#a8071a',
  failed: '#a8071a',
  withdrawn: '#595959',
  cancelled: '#595959',
  void: '#595959',
  not_awarded: '#595959',
  dropped: '#595959',
  stopped: '#595959',
};

export function StateTag({ code, children }: { code: string; children: ReactNode }) {
  return (
    <Tag color={STATE_COLOURS[code] ?? '#0b5cad'} data-state={code}>
      {children}
    </Tag>
  );
}

/** "2026-09-01 至 2026-09-30" and whether the window is open. */
export function WindowText({ list }: { list: Pick<ListView, 'opensOn' | 'closesOn' | 'window'> }) {
  const { pick } = useI18n();
  return (
    <Space size={4} wrap>
      <span>
        {formatDate(list.opensOn)} ~ {formatDate(list.closesOn)}
      </span>
      <StateTag code={list.window.phase}>{pick(list.window.label)}</StateTag>
    </Space>
  );
}

/** A budget range of a problem: "1,000万元 ~ 4,000万元". */
export function BudgetRange({ p }: { p: Pick<ProblemView, 'budgetMin' | 'budgetMax'> }) {
  return (
    <span data-testid="budget-range">
      <Money fen={p.budgetMin} /> ~ <Money fen={p.budgetMax} />
    </span>
  );
}

/** A list's legal basis, eligibility, window and issuers, as a description block. */
export function ListFacts({ list, labels }: { list: ListView; labels: Labels }) {
  const { t, pick } = useI18n('challenges');
  const phone = Grid.useBreakpoint().md === false;
  return (
    <Descriptions
      column={{ xs: 1, md: 2 }}
      size="small"
      bordered
      layout={phone ? 'vertical' : 'horizontal'}
      items={[
        {
          key: 'basis',
          label: t('challenges.basis'),
          span: 'filled',
          children: (
            <div data-testid="list-basis">
              <Link to={`/catalogue/${encodeURIComponent(list.basis.measureId)}`}>
                {list.basis.measureId} {pick(list.basis.name)}
              </Link>
              {list.basis.draft ? (
                <Tag color="#ad4e00" className="tag-gap">
                  {t('challenges.draftBasis')}
                </Tag>
              ) : null}
              <Typography.Paragraph className="challenge-quote small">
                “{list.basis.quote}”（{pick(list.basis.citation)}）
              </Typography.Paragraph>
            </div>
          ),
        },
        {
          key: 'eligibility',
          label: t('challenges.eligibility'),
          span: 'filled',
          children: <span data-testid="list-eligibility">{pick(list.basis.eligibility)}</span>,
        },
        { key: 'window', label: t('challenges.window'), children: <WindowText list={list} /> },
        { key: 'batch', label: t('challenges.batch'), children: list.batch },
        {
          key: 'issuers',
          label: t('challenges.coIssuers'),
          children:
            list.coIssuers.length > 0
              ? list.coIssuers.map((c) => labels.city(c)).join('、')
              : t('challenges.noCoIssuers'),
        },
        { key: 'fund', label: t('challenges.fund'), children: list.fund },
      ]}
    />
  );
}

/** What is asked of a problem: need, 验收指标, deliverables, timeline, sector, budget, co-funding. */
export function ProblemFacts({ p, labels }: { p: ProblemView; labels: Labels }) {
  const { t } = useI18n('challenges');
  const phone = Grid.useBreakpoint().md === false;
  return (
    <>
      <Descriptions
        column={{ xs: 1, md: 2 }}
        size="small"
        bordered
        layout={phone ? 'vertical' : 'horizontal'}
        items={[
          { key: 'poser', label: t('challenges.poser'), children: p.poser.name },
          { key: 'sector', label: t('challenges.sector'), children: labels.sector(p.sector) },
          {
            key: 'budget',
            label: t('challenges.budget'),
            children: <BudgetRange p={p} />,
          },
          {
            key: 'timeline',
            label: t('challenges.timeline'),
            children: t('challenges.months', { n: p.timelineMonths }),
          },
          {
            key: 'coFunds',
            label: t('challenges.coFunds'),
            children: p.coFunds ? t('challenges.coFundsYes') : t('challenges.coFundsNo'),
          },
        ]}
      />
      <Typography.Title level={2} className="section-title challenges-h2">
        {t('challenges.need')}
      </Typography.Title>
      <Typography.Paragraph className="pre-wrap" data-testid="problem-need">
        {p.need}
      </Typography.Paragraph>
      <Typography.Title level={2} className="section-title challenges-h2">
        {t('challenges.indicators')}
      </Typography.Title>
      <ul className="plain-list" data-testid="problem-indicators">
        {p.indicators.map((i) => (
          <li key={`${i.name}-${i.target}`}>
            <strong>{i.name}</strong>：{i.target}
          </li>
        ))}
      </ul>
      <Typography.Title level={2} className="section-title challenges-h2">
        {t('challenges.deliverables')}
      </Typography.Title>
      <Typography.Paragraph className="pre-wrap">{p.deliverables}</Typography.Paragraph>
    </>
  );
}

/**
 * The attachment store's folder of an organisation's 揭榜 files for one problem (subject `challenge_bid`,
 * sealed as the bid: src/service/challenges/attachment-subjects.ts).
 */
export const bidFolder = (problemId: string, organisationId: string) => `${problemId}:${organisationId}`;

/**
 * The files a version of a bid names, by SHA-256, each downloadable from the bid's own file route (sealed
 * as the bid; a file removed after that version was submitted still opens).
 */
export function BidFiles({ bidId, files }: { bidId: string; files: BidView['attachments'] }) {
  if (files.length === 0) return <>—</>;
  return (
    <ul className="plain-list" data-testid="bid-files">
      {files.map((a) => (
        <li key={a.sha256}>
          <a className="text-link" href={`/api/challenges/bids/${bidId}/files/${a.sha256}`} download={a.name}>
            {a.name}
          </a>{' '}
          · {formatSize(a.size)} · <span className="hash">SHA-256 {a.sha256}</span>
        </li>
      ))}
    </ul>
  );
}

/** "1.2 MB" */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${bytes} B`;
}

/** A button's action: runs it, keeps its error for an ErrorBox, then calls `done` (e.g. a reload). */
export function useAction() {
  const [error, setError] = useState<unknown>(null);
  const run = async (action: () => Promise<unknown>, done?: () => void) => {
    setError(null);
    try {
      await action();
      done?.();
    } catch (e) {
      setError(e);
    }
  };
  return { error, setError, run };
}

/**
 * A failed form submit: the API's issues go under their fields (focused); what no field shows is
 * returned for the ErrorBox above the buttons (null when every issue found its field).
 */
export function formError<T extends FieldValues>(form: FormApi<T>, e: unknown, lang: 'zh' | 'en'): unknown {
  if (e instanceof ApiError && e.issues.length > 0)
    return applyIssues(form, e.issues, lang).length > 0 ? e : null;
  return e;
}

/** The first columns of every table of problems: its title (linked to its page), the poser, the sector. */
export function problemColumns(t: I18n<'challenges'>['t'], labels: Labels): Column<ProblemView>[] {
  return [
    {
      key: 'title',
      title: t('challenges.problemTitle'),
      card: 'title',
      render: (p) => <Link to={`/challenges/problems/${p.id}`}>{p.title}</Link>,
    },
    { key: 'poser', title: t('challenges.poser'), render: (p) => p.poser.name },
    { key: 'sector', title: t('challenges.sector'), render: (p) => labels.sector(p.sector) },
  ];
}
