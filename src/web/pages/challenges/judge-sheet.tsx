/**
 * 评分表 (阅卷): one problem the signed-in judge sits on. A judge blocked by a conflict of interest sees
 * the block and its reasons and nothing of the bids. Otherwise: the 利益冲突声明 (declare a relation with
 * the poser or a bidder — the server blocks the judge from this problem at once), the problem and its
 * 验收指标, the list's criteria with their weights (data of the list), and the bids — sealed until the
 * officer opens judging after the deadline. Each bid is scored per criterion (whole points 0..max, the
 * API's own sheet rules) with a comment; a sent sheet is shown read-only.
 */
import './desk.css';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { z } from 'zod';
import { declareSchema, scoreSchema } from '../../../service/challenges/schemas.ts';
import { api, useApi } from '../../api.ts';
import { FormField, SubmitButton, useZodForm, ZodForm } from '../../components/form.tsx';
import { Money } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import { useSession } from '../../session.tsx';
import {
  type BidView,
  type ListDetail,
  needItems,
  type Panels,
  type Sheet,
  StateTag,
  useAction,
  useChallengeLabels,
  useChallengeReference,
} from './desk-shared.tsx';
import { BidFiles } from './shared.tsx';

type Criterion = ListDetail['criteria'][number];

export default function JudgeSheetPage() {
  const { id = '' } = useParams();
  const { t, pick } = useI18n('challengeDesk');
  const panels = useApi<Panels>('/api/challenges/judging');
  const ref = useChallengeReference();
  const labels = useChallengeLabels(ref.data);
  const item = panels.data?.items.find((x) => x.problem.id === id) ?? null;
  const list = useApi<ListDetail>(
    item?.problem.listId ? `/api/challenges/lists/${item.problem.listId}` : null,
  );
  // The bids open to an unblocked judge once judging opened (sealed before: the server answers 404).
  const bids = useApi<{ items: BidView[] }>(
    item && !item.blocked && item.problem.state === 'judging'
      ? `/api/challenges/problems/${item.problem.id}/bids`
      : null,
  );
  const back = { to: '/challenges/judging', label: t('challengeDesk.backToJudging') };
  if (panels.data && !item)
    return (
      <>
        <PageHeader title={t('challengeDesk.sheetTitle')} back={back} />
        <Alert type="warning" showIcon title={t('challengeDesk.notOnPanel')} />
      </>
    );
  const p = item?.problem;
  return (
    <>
      <PageHeader
        title={p ? t('challengeDesk.sheetOf', { title: p.title }) : t('challengeDesk.sheetTitle')}
        tabTitle={t('challengeDesk.sheetTitle')}
        subtitle={p?.poser.name}
        back={back}
      />
      {panels.error ? <ErrorBox error={panels.error} onRetry={panels.reload} /> : null}
      {!item || !p || !ref.data ? (
        <Loading />
      ) : item.blocked ? (
        <Alert
          type="error"
          showIcon
          data-testid="judge-block"
          title={t('challengeDesk.youAreBlocked')}
          description={
            <ul className="plain-list">
              {item.conflicts.map((c) => (
                <li key={`${c.organisationId}-${c.reason}`}>{pick(c.text)}</li>
              ))}
            </ul>
          }
        />
      ) : (
        <>
          <Descriptions
            column={1}
            size="small"
            className="facts"
            items={[
              {
                key: 'state',
                label: t('challengeDesk.state'),
                children: <StateTag machine="problem" state={p.state} labels={labels} />,
              },
              ...needItems(p, t),
              {
                key: 'criteria',
                label: t('challengeDesk.criteriaWeights'),
                children: list.data ? (
                  <span data-testid="sheet-criteria">
                    {list.data.criteria.map((c) => `${pick(c.label)} ×${c.weight}`).join('；')}
                    <span className="hint"> {t('challengeDesk.scaleHint', { max: list.data.scoreMax })}</span>
                  </span>
                ) : (
                  '—'
                ),
              },
            ]}
          />
          <Declaration
            parties={[
              { id: p.poser.organisationId, name: p.poser.name },
              ...(bids.data?.items ?? []).map((b) => ({ id: b.organisation.id, name: b.organisation.name })),
            ]}
            declared={panels.data!.declarations}
            onDone={panels.reload}
          />
          {bids.error ? <ErrorBox error={bids.error} onRetry={bids.reload} /> : null}
          {p.state === 'judging' && list.data && bids.data ? (
            <SealedBids
              bids={bids.data.items}
              list={list.data}
              sheets={item.sheets}
              onScored={panels.reload}
            />
          ) : (
            <Alert
              type="info"
              showIcon
              title={t('challengeDesk.sealedForJudge')}
              data-testid="judge-sealed"
            />
          )}
        </>
      )}
    </>
  );
}

/**
 * 利益冲突声明: a relation the server does not know (a former employer, a consultancy, a co-author's
 * firm) is declared here; the server blocks the judge from every open panel where that organisation is
 * a party. Bidders are named once the bids are open to the judge.
 */
function Declaration({
  parties,
  declared,
  onDone,
}: {
  parties: { id: string; name: string }[];
  declared: { organisationId: string; note: string }[];
  onDone: () => void;
}) {
  const { t } = useI18n('challengeDesk');
  const { user } = useSession();
  const form = useZodForm(declareSchema, { organisationId: '', note: '' });
  const { error, run } = useAction(form);
  const [open, setOpen] = useState(false);
  if (user?.role !== 'expert') return null;
  const options = [...new Map(parties.map((o) => [o.id, o])).values()];
  const save = (v: z.output<typeof declareSchema>) =>
    run(() => api('POST', '/api/challenges/declarations', v), onDone);
  return (
    <Card className="section-card" title={t('challengeDesk.declarationTitle')} data-testid="declaration">
      <p>{t('challengeDesk.declarationText')}</p>
      {declared.length > 0 ? (
        <p className="hint">{t('challengeDesk.declaredN', { n: declared.length })}</p>
      ) : null}
      {!open ? (
        <Button onClick={() => setOpen(true)} aria-expanded={false} data-testid="declare-open">
          {t('challengeDesk.declareRelation')}
        </Button>
      ) : (
        <ZodForm form={form} onValid={save}>
          <FormField
            form={form}
            name="organisationId"
            label={t('challengeDesk.relatedOrganisation')}
            required
          >
            {(f) => (
              <Select
                {...f}
                value={f.value || undefined}
                options={options.map((o) => ({ value: o.id, label: o.name }))}
              />
            )}
          </FormField>
          <FormField form={form} name="note" label={t('challengeDesk.relation')} required>
            {(f) => <Input {...f} maxLength={500} />}
          </FormField>
          {error ? <ErrorBox error={error} /> : null}
          <SubmitButton form={form} danger testId="declare">
            {t('challengeDesk.declare')}
          </SubmitButton>
        </ZodForm>
      )}
    </Card>
  );
}

function SealedBids({
  bids,
  list,
  sheets,
  onScored,
}: {
  bids: BidView[];
  list: ListDetail;
  sheets: Sheet[];
  onScored: () => void;
}) {
  const { t } = useI18n('challengeDesk');
  const [scoring, setScoring] = useState<string | null>(null);
  const live = bids.filter((b) => b.state === 'submitted');
  return (
    <section aria-labelledby="sheet-bids">
      <Typography.Title level={2} id="sheet-bids" className="section-title">
        {t('challengeDesk.bidsToScore', { done: sheets.length, n: live.length })}
      </Typography.Title>
      <ol className="plain-list">
        {live.map((b, i) => {
          const sent = sheets.find((s) => s.bidId === b.id);
          return (
            <li key={b.id}>
              <Card
                className="section-card"
                title={t('challengeDesk.bidN', { n: i + 1, name: b.organisation.name })}
                data-testid="sheet-bid"
                data-bid={b.id}
              >
                <Descriptions
                  column={1}
                  size="small"
                  className="facts"
                  items={[
                    {
                      key: 'amount',
                      label: t('challengeDesk.bidAmount'),
                      children: <Money fen={b.amount} exact />,
                    },
                    {
                      key: 'plan',
                      label: t('challengeDesk.plan'),
                      children: <span className="pre-line">{b.plan}</span>,
                    },
                    { key: 'team', label: t('challengeDesk.team'), children: b.team },
                    {
                      key: 'milestones',
                      label: t('challengeDesk.milestones'),
                      children: (
                        <ul className="plain-list">
                          {b.milestones.map((m) => (
                            <li key={`${m.title}-${m.dueOn}`}>
                              {m.title}（{formatDate(m.dueOn)}，{t('challengeDesk.plannedInput')}
                              <Money fen={m.plannedInput} />
                              ）：{m.indicators}
                            </li>
                          ))}
                        </ul>
                      ),
                    },
                    {
                      key: 'files',
                      label: t('challengeDesk.attachments'),
                      children: <BidFiles bidId={b.id} files={b.attachments} />,
                    },
                  ]}
                />
                {sent ? (
                  <SentSheet sheet={sent} criteria={list.criteria} />
                ) : scoring === b.id ? (
                  <ScoreForm
                    bid={b}
                    list={list}
                    onDone={() => {
                      setScoring(null);
                      onScored();
                    }}
                  />
                ) : (
                  <Button type="primary" onClick={() => setScoring(b.id)} data-testid="score-open">
                    {t('challengeDesk.scoreThis')}
                  </Button>
                )}
              </Card>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** A sheet already sent: read-only, as stored. */
function SentSheet({ sheet, criteria }: { sheet: Sheet; criteria: Criterion[] }) {
  const { t, pick } = useI18n('challengeDesk');
  return (
    <div data-testid="sent-sheet">
      <Typography.Title level={3}>
        {t('challengeDesk.sentAt', { at: formatDateTime(sheet.scoredAt) })}
      </Typography.Title>
      <Table
        size="small"
        pagination={false}
        rowKey="code"
        dataSource={criteria}
        columns={[
          {
            key: 'c',
            title: t('challengeDesk.criterion'),
            render: (_: unknown, c: Criterion) => pick(c.label),
          },
          {
            key: 'w',
            title: t('challengeDesk.weight'),
            align: 'right',
            render: (_: unknown, c: Criterion) => c.weight,
          },
          {
            key: 's',
            title: t('challengeDesk.score'),
            align: 'right',
            render: (_: unknown, c: Criterion) => (
              <span data-criterion={c.code}>{sheet.scores[c.code] ?? '—'}</span>
            ),
          },
        ]}
      />
      {sheet.comment ? <p className="pre-line">{sheet.comment}</p> : null}
    </div>
  );
}

/** The score sheet: the API's scoreSchema with one whole-number field per criterion of the list. */
function sheetSchema(criteria: Criterion[], max: number) {
  return scoreSchema.extend({
    scores: z
      .object(Object.fromEntries(criteria.map((c) => [c.code, z.number().int().min(0).max(max)])))
      .strict(),
  });
}

function ScoreForm({ bid, list, onDone }: { bid: BidView; list: ListDetail; onDone: () => void }) {
  const { t, pick } = useI18n('challengeDesk');
  const schema = sheetSchema(list.criteria, list.scoreMax);
  const form = useZodForm(schema, {
    scores: Object.fromEntries(list.criteria.map((c) => [c.code, null])) as never,
    comment: '',
  });
  const { error, run } = useAction(form);
  const save = (v: z.output<typeof schema>) =>
    run(
      () =>
        api('POST', `/api/challenges/bids/${bid.id}/scores`, {
          scores: v.scores,
          comment: v.comment?.trim() || null,
        }),
      onDone,
    );
  return (
    <ZodForm form={form} onValid={save} testId="score-form">
      <Space wrap align="start">
        {list.criteria.map((c) => (
          <FormField
            key={c.code}
            form={form}
            name={`scores.${c.code}` as never}
            label={`${pick(c.label)}（×${c.weight}）`}
            required
          >
            {(f) => <InputNumber {...f} min={0} max={list.scoreMax} precision={0} />}
          </FormField>
        ))}
      </Space>
      <FormField form={form} name="comment" label={t('challengeDesk.comment')}>
        {(f) => <Input.TextArea {...f} value={f.value ?? ''} rows={2} maxLength={2000} />}
      </FormField>
      <p className="hint">{t('challengeDesk.sendOnce')}</p>
      {error ? <ErrorBox error={error} /> : null}
      <SubmitButton form={form} testId="send-sheet">
        {t('challengeDesk.sendSheet')}
      </SubmitButton>
    </ZodForm>
  );
}
