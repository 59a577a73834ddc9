/**
 * One problem on the officer's desk, through its whole life: review (accept; return for revision or
 * reject, each with the reason), placing it on a list, the panel (appoint experts; conflicts of interest
 * are recorded as blocks with their reasons, shown here), opening judging after the deadline (the seal
 * lifts), the sealed bids, the ranking recomputed from the stored sheets with the tie-break that
 * decided each place, the award (one team, several in parallel — 赛马 — with a later down-select, or
 * nobody), and the 公示 links. Every button is the server's: a refusal is shown where it was asked.
 */
import { Alert, Button, Checkbox, Descriptions, Input, Radio, Select, Space, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { z } from 'zod';
import {
  awardSchema,
  downselectSchema,
  placeProblemSchema,
  reviewProblemSchema,
} from '../../../service/challenges/schemas.ts';
import { api, useApi } from '../../api.ts';
import { makeLabeller, useCatalogue } from '../../catalogue-data.tsx';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { FormField, useZodForm, ZodForm } from '../../components/form.tsx';
import { Money, MoneyRange } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import './desk.css';
import {
  type BidView,
  type ChallengeLabels,
  type JudgeView,
  type ListDetail,
  type ListView,
  needItems,
  noticePath,
  type ProblemView,
  type ProjectView,
  publicProblemPath,
  type RankingView,
  StateTag,
  useAction,
  useChallengeLabels,
  useChallengeReference,
  useDeskRole,
} from './desk-shared.tsx';

const RANKED_STATES = ['judging', 'racing', 'awarded', 'no_award'];

export default function DeskProblemPage() {
  const { id = '' } = useParams();
  const { t } = useI18n('challengeDesk');
  const problem = useApi<ProblemView>(`/api/challenges/problems/${id}`);
  const ref = useChallengeReference();
  const labels = useChallengeLabels(ref.data);
  const p = problem.data;
  return (
    <>
      <PageHeader
        title={p?.title ?? t('challengeDesk.problem')}
        subtitle={p ? p.poser.name : undefined}
        back={{ to: '/challenges/desk', label: t('challengeDesk.backToDesk') }}
      />
      {problem.error ? <ErrorBox error={problem.error} onRetry={problem.reload} /> : null}
      {!p || !ref.data ? <Loading /> : <ProblemDesk p={p} labels={labels} onChange={problem.reload} />}
    </>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} data-testid={`section-${id}`}>
      <Typography.Title level={2} id={id} className="section-title">
        {title}
      </Typography.Title>
      {children}
    </section>
  );
}

function ProblemDesk({
  p,
  labels,
  onChange,
}: {
  p: ProblemView;
  labels: ChallengeLabels;
  onChange: () => void;
}) {
  const { t, lang } = useI18n('challengeDesk');
  const role = useDeskRole();
  const catalogue = useCatalogue();
  const label = makeLabeller(catalogue.data?.reference, lang);
  const list = useApi<ListDetail>(p.listId ? `/api/challenges/lists/${p.listId}` : null);
  const may = (action: string) => role.officer && p.actions.includes(action);
  const judged = RANKED_STATES.includes(p.state);
  const panelled = p.state === 'listed' || judged;
  return (
    <>
      <Descriptions
        column={1}
        size="small"
        className="facts"
        data-testid="problem-facts"
        items={[
          {
            key: 'state',
            label: t('challengeDesk.state'),
            children: <StateTag machine="problem" state={p.state} labels={labels} />,
          },
          {
            key: 'list',
            label: t('challengeDesk.list'),
            children: list.data ? (
              <Link to={`/challenges/desk/lists/${list.data.id}`}>
                {list.data.title}（{formatDate(list.data.opensOn)} ~ {formatDate(list.data.closesOn)}）
              </Link>
            ) : (
              '—'
            ),
          },
          ...needItems(p, t),
          { key: 'deliverables', label: t('challengeDesk.deliverables'), children: p.deliverables },
          {
            key: 'timeline',
            label: t('challengeDesk.timeline'),
            children: t('challengeDesk.months', { n: p.timelineMonths }),
          },
          { key: 'sector', label: t('challengeDesk.sector'), children: label('sectors', p.sector) },
          {
            key: 'budget',
            label: t('challengeDesk.budget'),
            children: (
              <>
                <MoneyRange range={{ min: p.budgetMin, max: p.budgetMax }} />
                {p.coFunds ? <span className="hint">（{t('challengeDesk.coFunds')}）</span> : null}
              </>
            ),
          },
          ...(p.reviewNote
            ? [{ key: 'note', label: t('challengeDesk.reviewNote'), children: p.reviewNote }]
            : []),
        ]}
      />
      {may('accept') ? <ReviewForm p={p} onDone={onChange} /> : null}
      {may('place') ? <PlaceForm p={p} onDone={onChange} /> : null}
      {panelled ? <Panel p={p} canAppoint={role.officer && ['listed', 'judging'].includes(p.state)} /> : null}
      {may('open_judging') ? <OpenJudging p={p} list={list.data} onDone={onChange} /> : null}
      {panelled ? <Bids p={p} /> : null}
      {judged ? <Ranking p={p} labels={labels} list={list.data} onChange={onChange} /> : null}
      {p.award ? <Award p={p} labels={labels} /> : null}
    </>
  );
}

/** 审核: accept, or return / reject with the reason (the server asks for it on the reason field). */
function ReviewForm({ p, onDone }: { p: ProblemView; onDone: () => void }) {
  const { t } = useI18n('challengeDesk');
  const form = useZodForm(reviewProblemSchema, { decision: 'accept', reason: '', version: p.version });
  const { error, run } = useAction(form);
  const save = (v: z.output<typeof reviewProblemSchema>) =>
    run(
      () =>
        api('POST', `/api/challenges/problems/${p.id}/review`, {
          ...v,
          reason: v.reason?.trim() || null,
        }),
      onDone,
    );
  const decide = (decision: 'accept' | 'return' | 'reject') => {
    form.setValue('decision', decision);
    void form.handleSubmit(save)();
  };
  return (
    <Section id="review" title={t('challengeDesk.reviewTitle')}>
      <ZodForm form={form} onValid={save}>
        <FormField form={form} name="reason" label={t('challengeDesk.reviewReason')}>
          {(f) => <Input.TextArea {...f} value={f.value ?? ''} rows={2} maxLength={2000} />}
        </FormField>
        {error ? <ErrorBox error={error} /> : null}
        <Space wrap>
          <Button type="primary" onClick={() => decide('accept')} data-testid="accept">
            {t('challengeDesk.accept')}
          </Button>
          <Button onClick={() => decide('return')} data-testid="return">
            {t('challengeDesk.return')}
          </Button>
          <Button danger onClick={() => decide('reject')} data-testid="reject">
            {t('challengeDesk.reject')}
          </Button>
        </Space>
      </ZodForm>
    </Section>
  );
}

/** 列入榜单: any draft or published list (a published one records a new public version). */
function PlaceForm({ p, onDone }: { p: ProblemView; onDone: () => void }) {
  const { t } = useI18n('challengeDesk');
  const lists = useApi<{ items: ListView[] }>('/api/challenges/lists');
  const form = useZodForm(placeProblemSchema, { listId: '', version: p.version });
  const { error, run } = useAction(form);
  // A closed or cancelled list takes no new problem (the server refuses it too).
  const open = (lists.data?.items ?? []).filter(
    (l) => l.state !== 'cancelled' && l.window.phase !== 'closed',
  );
  return (
    <Section id="place" title={t('challengeDesk.placeTitle')}>
      <ZodForm
        form={form}
        onValid={(v) => run(() => api('POST', `/api/challenges/problems/${p.id}/place`, v), onDone)}
      >
        <FormField form={form} name="listId" label={t('challengeDesk.placeOn')} required>
          {(f) => (
            <Select
              {...f}
              value={f.value || undefined}
              options={open.map((l) => ({
                value: l.id,
                label: `${l.title}（${l.batch}）`,
              }))}
            />
          )}
        </FormField>
        {error ? <ErrorBox error={error} /> : null}
        <Button type="primary" htmlType="submit" data-testid="place">
          {t('challengeDesk.place')}
        </Button>
      </ZodForm>
    </Section>
  );
}

/** 评审专家: the panel with each block and its reasons; appointing (re-)checks conflicts. */
function Panel({ p, canAppoint }: { p: ProblemView; canAppoint: boolean }) {
  const { t, pick } = useI18n('challengeDesk');
  const panel = useApi<{ items: JudgeView[] }>(`/api/challenges/problems/${p.id}/judges`);
  const people = useApi<{ items: { id: string; username: string; displayName: string; role: string }[] }>(
    canAppoint ? '/api/people' : null,
  );
  const scorers = useApi<{
    organisation: { id: string; name: string };
    items: { userId: string; displayName: string; role: string }[];
  }>(canAppoint ? `/api/challenges/problems/${p.id}/poser-scorers` : null);
  const [experts, setExperts] = useState<string[]>([]);
  const [poserScorers, setPoserScorers] = useState<string[]>([]);
  const { error, busy, run } = useAction();
  const appoint = () =>
    run(
      () => api('POST', `/api/challenges/problems/${p.id}/judges`, { experts, poserScorers }),
      () => {
        setExperts([]);
        setPoserScorers([]);
        panel.reload();
      },
    );
  const columns: Column<JudgeView>[] = [
    { key: 'name', title: t('challengeDesk.judge'), card: 'title', render: (j) => j.displayName },
    {
      key: 'kind',
      title: t('challengeDesk.judgeKind'),
      render: (j) => (j.kind === 'expert' ? t('challengeDesk.expert') : t('challengeDesk.poserScorer')),
    },
    {
      key: 'status',
      title: t('challengeDesk.conflicts'),
      render: (j) =>
        j.blocked ? (
          <div data-testid="judge-blocked" data-judge={j.username}>
            <strong className="text-danger">{t('challengeDesk.blocked')}</strong>
            <ul className="plain-list">
              {j.conflicts.map((c) => (
                <li key={`${c.organisationId}-${c.reason}`}>{pick(c.text)}</li>
              ))}
            </ul>
          </div>
        ) : (
          <span data-judge={j.username}>{t('challengeDesk.noConflict')}</span>
        ),
    },
  ];
  const appointed = new Set((panel.data?.items ?? []).map((j) => j.userId));
  const experts_ = (people.data?.items ?? []).filter((x) => x.role === 'expert' && !appointed.has(x.id));
  const scorers_ = (scorers.data?.items ?? []).filter((x) => !appointed.has(x.userId));
  return (
    <Section id="panel" title={t('challengeDesk.panelTitle')}>
      {panel.error ? <ErrorBox error={panel.error} /> : null}
      {panel.data ? (
        <DataTable
          rows={panel.data.items}
          columns={columns}
          rowKey={(j) => j.userId}
          testId="panel-table"
          caption={t('challengeDesk.panelTitle')}
          empty={t('challengeDesk.noPanel')}
        />
      ) : (
        <Loading />
      )}
      {canAppoint ? (
        <div className="section-form">
          <label htmlFor="appoint-experts" className="field-label">
            {t('challengeDesk.appointExperts')}
          </label>
          <Select
            id="appoint-experts"
            mode="multiple"
            className="full-width"
            value={experts}
            onChange={setExperts}
            options={experts_.map((x) => ({ value: x.id, label: x.displayName }))}
          />
          <label htmlFor="appoint-poser-scorers" className="field-label">
            {t('challengeDesk.appointPoserScorers', { org: scorers.data?.organisation.name ?? '' })}
          </label>
          <Select
            id="appoint-poser-scorers"
            data-testid="appoint-poser-scorers"
            mode="multiple"
            className="full-width"
            value={poserScorers}
            onChange={setPoserScorers}
            maxCount={5}
            loading={scorers.loading}
            notFoundContent={t('challengeDesk.noPoserScorers')}
            options={scorers_.map((x) => ({ value: x.userId, label: x.displayName }))}
          />
          {scorers.error ? <ErrorBox error={scorers.error} /> : null}
          <p className="hint">{t('challengeDesk.appointHint')}</p>
          {error ? <ErrorBox error={error} /> : null}
          <Button
            type="primary"
            loading={busy}
            disabled={experts.length + poserScorers.length === 0}
            onClick={appoint}
            data-testid="appoint"
          >
            {t('challengeDesk.appoint')}
          </Button>
        </div>
      ) : null}
    </Section>
  );
}

function OpenJudging({ p, list, onDone }: { p: ProblemView; list: ListDetail | null; onDone: () => void }) {
  const { t } = useI18n('challengeDesk');
  const { error, busy, run } = useAction();
  const open = () =>
    run(() => api('POST', `/api/challenges/problems/${p.id}/open-judging`, { version: p.version }), onDone);
  return (
    <Section id="open-judging" title={t('challengeDesk.openJudgingTitle')}>
      <p className="hint">
        {list && list.window.phase !== 'closed'
          ? t('challengeDesk.openJudgingWait', { date: formatDate(list.closesOn) })
          : t('challengeDesk.openJudgingHint')}
      </p>
      {error ? <ErrorBox error={error} /> : null}
      <Button type="primary" loading={busy} onClick={open} data-testid="open-judging">
        {t('challengeDesk.openJudging')}
      </Button>
    </Section>
  );
}

/** The bids: sealed to officers until the list's window closes (the server answers 404 until then). */
function Bids({ p }: { p: ProblemView }) {
  const { t } = useI18n('challengeDesk');
  const bids = useApi<{ items: BidView[] }>(`/api/challenges/problems/${p.id}/bids`);
  const columns: Column<BidView>[] = [
    { key: 'org', title: t('challengeDesk.bidder'), card: 'title', render: (b) => b.organisation.name },
    {
      key: 'amount',
      title: t('challengeDesk.bidAmount'),
      align: 'right',
      render: (b) => <Money fen={b.amount} />,
    },
    {
      key: 'milestones',
      title: t('challengeDesk.milestones'),
      render: (b) => b.milestones.map((m) => `${m.title}（${formatDate(m.dueOn)}）`).join('；'),
    },
    { key: 'version', title: t('challengeDesk.bidVersion'), align: 'right', render: (b) => b.version },
    { key: 'at', title: t('challengeDesk.submittedAt'), render: (b) => formatDateTime(b.submittedAt) },
  ];
  const sealed = bids.error && bids.error.status === 404;
  return (
    <Section id="bids" title={t('challengeDesk.bidsTitle')}>
      {sealed ? (
        <Alert type="info" showIcon title={t('challengeDesk.bidsSealed')} data-testid="bids-sealed" />
      ) : bids.error ? (
        <ErrorBox error={bids.error} />
      ) : bids.data ? (
        <DataTable
          rows={bids.data.items}
          columns={columns}
          rowKey={(b) => b.id}
          testId="bids-table"
          caption={t('challengeDesk.bidsTitle')}
          empty={t('challengeDesk.noBids')}
        />
      ) : (
        <Loading />
      )}
    </Section>
  );
}

/** 排名 recomputed from the stored sheets, with the rule that decided each place, then the decision. */
function Ranking({
  p,
  labels,
  list,
  onChange,
}: {
  p: ProblemView;
  labels: ChallengeLabels;
  list: ListDetail | null;
  onChange: () => void;
}) {
  const { t, pick } = useI18n('challengeDesk');
  const role = useDeskRole();
  const ranking = useApi<RankingView>(`/api/challenges/problems/${p.id}/ranking`);
  type Row = RankingView['ranking'][number];
  const criteria = list?.criteria ?? [];
  const columns: Column<Row>[] = [
    { key: 'rank', title: t('challengeDesk.rank'), render: (r) => (r.rank ? r.rank : '—') },
    { key: 'org', title: t('challengeDesk.bidder'), card: 'title', render: (r) => r.organisation },
    {
      key: 'amount',
      title: t('challengeDesk.bidAmount'),
      align: 'right',
      render: (r) => <Money fen={r.amount} />,
    },
    {
      key: 'total',
      title: t('challengeDesk.total'),
      align: 'right',
      render: (r) => <strong data-testid="total">{r.totalText}</strong>,
    },
    {
      key: 'criteria',
      title: t('challengeDesk.perCriterion'),
      render: (r) => (
        <ul className="plain-list">
          {criteria.map((c) => (
            <li key={c.code} data-criterion={c.code}>
              {pick(c.label)} ×{c.weight}：{r.perCriterion[c.code] ?? '—'}
            </li>
          ))}
        </ul>
      ),
    },
    {
      key: 'judges',
      title: t('challengeDesk.sheets'),
      align: 'right',
      render: (r) => (r.quorate ? r.judges : t('challengeDesk.notQuorate', { n: r.judges })),
    },
    {
      key: 'decided',
      title: t('challengeDesk.decidedBy'),
      render: (r) => (r.tied ? t('challengeDesk.tied') : r.decidedBy ? labels.tieBreak(r.decidedBy) : '—'),
    },
    {
      key: 'state',
      title: t('challengeDesk.state'),
      render: (r) => <StateTag machine="bid" state={r.state} labels={labels} />,
    },
  ];
  const rows = ranking.data ? [...ranking.data.ranking, ...ranking.data.unranked] : [];
  return (
    <Section id="ranking" title={t('challengeDesk.rankingTitle')}>
      {ranking.error ? <ErrorBox error={ranking.error} /> : null}
      {!ranking.data ? (
        <Loading />
      ) : (
        <>
          <p className="hint" data-testid="ranking-basis">
            {pick(ranking.data.basis)}
            {t('challengeDesk.reproducible', { n: ranking.data.sheets.length })}
          </p>
          <DataTable
            rows={rows}
            columns={columns}
            rowKey={(r) => r.bidId}
            testId="ranking-table"
            caption={t('challengeDesk.rankingTitle')}
          />
          {role.officer && p.state === 'judging' ? (
            <AwardForm p={p} ranking={ranking.data} onDone={onChange} />
          ) : null}
          {role.officer && p.state === 'racing' ? (
            <DownselectForm p={p} ranking={ranking.data} onDone={onChange} />
          ) : null}
        </>
      )}
    </Section>
  );
}

function AwardForm({ p, ranking, onDone }: { p: ProblemView; ranking: RankingView; onDone: () => void }) {
  const { t } = useI18n('challengeDesk');
  const form = useZodForm(awardSchema, {
    mode: 'single',
    bidIds: ranking.ranking[0] ? [ranking.ranking[0].bidId] : [],
    reason: '',
  });
  const { error, run } = useAction(form);
  const mode = form.watch('mode');
  return (
    <ZodForm
      form={form}
      testId="award-form"
      className="section-form"
      onValid={(v) =>
        run(
          () =>
            api('POST', `/api/challenges/problems/${p.id}/award`, {
              ...v,
              bidIds: v.mode === 'none' ? [] : v.bidIds,
              reason: v.reason?.trim() || null,
            }),
          onDone,
        )
      }
    >
      <Typography.Title level={3}>{t('challengeDesk.awardTitle')}</Typography.Title>
      <FormField form={form} name="mode" label={t('challengeDesk.awardMode')} group required>
        {(f) => (
          <Radio.Group
            aria-labelledby={f['aria-labelledby']}
            value={f.value}
            onChange={(e) => f.onChange(e.target.value)}
            options={[
              { value: 'single', label: t('challengeDesk.modeSingle') },
              { value: 'parallel', label: t('challengeDesk.modeParallel') },
              { value: 'none', label: t('challengeDesk.modeNone') },
            ]}
          />
        )}
      </FormField>
      {mode !== 'none' ? (
        <FormField form={form} name="bidIds" label={t('challengeDesk.winners')} group>
          {(f) => (
            <Checkbox.Group
              aria-labelledby={f['aria-labelledby']}
              value={f.value}
              onChange={f.onChange}
              options={ranking.ranking.map((r) => ({
                value: r.bidId,
                label: `${r.rank}. ${r.organisation}（${r.totalText}）`,
              }))}
            />
          )}
        </FormField>
      ) : null}
      <FormField
        form={form}
        name="reason"
        label={t('challengeDesk.awardReason')}
        extra={t('challengeDesk.awardReasonHint')}
      >
        {(f) => <Input.TextArea {...f} value={f.value ?? ''} rows={2} maxLength={2000} />}
      </FormField>
      {error ? <ErrorBox error={error} /> : null}
      <Button type="primary" htmlType="submit" data-testid="award">
        {t('challengeDesk.award')}
      </Button>
    </ZodForm>
  );
}

function DownselectForm({
  p,
  ranking,
  onDone,
}: {
  p: ProblemView;
  ranking: RankingView;
  onDone: () => void;
}) {
  const { t } = useI18n('challengeDesk');
  const racing = ranking.ranking.filter((r) => r.state === 'racing');
  const form = useZodForm(downselectSchema, { keep: [], reason: '' });
  const { error, run } = useAction(form);
  return (
    <ZodForm
      form={form}
      testId="downselect-form"
      className="section-form"
      onValid={(v) => run(() => api('POST', `/api/challenges/problems/${p.id}/downselect`, v), onDone)}
    >
      <Typography.Title level={3}>{t('challengeDesk.downselectTitle')}</Typography.Title>
      <FormField form={form} name="keep" label={t('challengeDesk.keep')} group required>
        {(f) => (
          <Checkbox.Group
            aria-labelledby={f['aria-labelledby']}
            value={f.value}
            onChange={f.onChange}
            options={racing.map((r) => ({ value: r.bidId, label: r.organisation }))}
          />
        )}
      </FormField>
      <FormField form={form} name="reason" label={t('challengeDesk.downselectReason')} required>
        {(f) => <Input.TextArea {...f} rows={2} maxLength={2000} />}
      </FormField>
      {error ? <ErrorBox error={error} /> : null}
      <Button type="primary" htmlType="submit" data-testid="downselect">
        {t('challengeDesk.downselect')}
      </Button>
    </ZodForm>
  );
}

/** 公示: the winners are public at once (the problem's public page); each winner's application notice. */
function Award({ p, labels }: { p: ProblemView; labels: ChallengeLabels }) {
  const { t } = useI18n('challengeDesk');
  const projects = useApi<{ items: ProjectView[] }>(`/api/challenges/projects?problemId=${p.id}`);
  const award = p.award!;
  return (
    <Section id="award-result" title={t('challengeDesk.awardResult')}>
      <p data-testid="award-mode">
        {award.mode === 'none'
          ? t('challengeDesk.nobodyWon')
          : award.mode === 'parallel'
            ? t('challengeDesk.awardedParallel')
            : t('challengeDesk.awardedSingle')}
        {award.winners.map((w) => w.organisation).join('、')}
        {award.reason ? `（${award.reason}）` : ''} · {formatDateTime(award.at)}
      </p>
      <p>
        <Link to={publicProblemPath(p.id)} data-testid="public-award-link">
          {t('challengeDesk.publicAward')}
        </Link>
      </p>
      {(projects.data?.items ?? []).map((pr) => {
        const notice = noticePath(pr);
        const winner = award.winners.find((w) => w.bidId === pr.bidId)?.organisation ?? '';
        return (
          <p key={pr.id} data-testid="award-project">
            <Link to={`/challenges/desk/projects/${pr.id}`}>
              {t('challengeDesk.projectOf', { name: winner })}
            </Link>{' '}
            <StateTag machine="project" state={pr.state} labels={labels} />{' '}
            {notice ? (
              <Link to={notice} data-testid="notice-link">
                {t('challengeDesk.noticeLink')}
              </Link>
            ) : (
              <span className="hint">{t('challengeDesk.noNoticeYet')}</span>
            )}
          </p>
        );
      })}
    </Section>
  );
}
