/**
 * 揭榜 (答题): a signed-in organisation bids on an open problem — technical plan, team, milestones with
 * dates and the input planned for each, the 揭榜额 it asks (≤ the problem's budget), consortium partners
 * from the registry, attachments (uploaded to the organisation's sealed folder in the attachment store;
 * the bid names every file in it by SHA-256 when submitted) — with the live entitlement beside it. Bidding again revises the bid (a new version; every version is kept).
 * POST /api/challenges/problems/:id/bids. Sealed: this page reads only your own bid (GET /bids/mine).
 */
import { Alert, Button, Card, Col, Flex, Input, Row, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useFieldArray, useWatch } from 'react-hook-form';
import { useNavigate, useParams } from 'react-router';
import { parseMoney } from '../../../core/money.ts';
import type { AttachmentView } from '../../../service/attachments/service.ts';
import { api, useApi } from '../../api.ts';
import { Attachments } from '../../components/attachments.tsx';
import { DateInput } from '../../components/date-input.tsx';
import { FormField, useZodForm, ZodForm } from '../../components/form.tsx';
import { Money, MoneyInput } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { formatDate } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import { useSession } from '../../session.tsx';
import { EntitlementPanel, useEntitlement } from './entitlement.tsx';
import { type BidForm, bidFormSchema, bidFormValues, emptyMilestone } from './form.ts';
import {
  type BidView,
  BudgetRange,
  bidFolder,
  formError,
  type ListDetail,
  type Partner,
  type ProblemView,
  useLabels,
} from './shared.tsx';
import './challenges.css';

export default function BidPage() {
  const { id = '' } = useParams();
  const { t } = useI18n('challenges');
  const problem = useApi<ProblemView>(`/api/challenges/problems/${encodeURIComponent(id)}`);
  const p = problem.data;
  const list = useApi<ListDetail>(p?.listId ? `/api/challenges/lists/${p.listId}` : null);
  const mine = useApi<{ items: BidView[] }>('/api/challenges/bids/mine');
  const live = mine.data?.items.find((b) => b.problemId === id && b.state === 'submitted') ?? null;
  const error = problem.error ?? list.error ?? mine.error;
  return (
    <>
      <PageHeader
        title={live ? t('challenges.reviseTitle') : t('challenges.bidTitle')}
        subtitle={p?.title}
        back={{ to: `/challenges/problems/${id}`, label: p?.title ?? t('challenges.problemTitle') }}
      />
      {error ? <ErrorBox error={error} /> : null}
      {!error && (!p || !list.data || !mine.data) ? <Loading /> : null}
      {p && list.data && mine.data ? (
        list.data.window.phase !== 'open' || p.state !== 'listed' ? (
          <Alert type="info" showIcon title={t('challenges.bidClosed')} />
        ) : (
          <BidEditor
            key={live ? `${live.id}-${live.version}` : 'new'}
            problem={p}
            list={list.data}
            live={live}
          />
        )
      ) : null}
    </>
  );
}

function BidEditor({
  problem,
  list,
  live,
}: {
  problem: ProblemView;
  list: ListDetail;
  live: BidView | null;
}) {
  const { t, lang, pick } = useI18n('challenges');
  const labels = useLabels();
  const navigate = useNavigate();
  const { user } = useSession();
  const folder = bidFolder(problem.id, user?.organisationId ?? '');
  const form = useZodForm(bidFormSchema, bidFormValues(live));
  const milestones = useFieldArray({ control: form.control, name: 'milestones' });
  const values = useWatch({ control: form.control }) as BidForm;
  const entitlement = useEntitlement(problem.id, values.amount);
  const [error, setError] = useState<unknown>(null);
  const planned = useMemo(() => {
    let sum = 0;
    for (const m of values.milestones ?? []) {
      const r = m?.plannedInput ? parseMoney(m.plannedInput.text, m.plannedInput.unit) : null;
      if (r?.ok) sum += r.fen;
    }
    return sum;
  }, [values.milestones]);

  async function save(body: unknown) {
    setError(null);
    try {
      // The bid names every file now in the organisation's folder (the store computed each SHA-256).
      const files = await api<{ items: AttachmentView[] }>(
        'GET',
        `/api/attachments?${new URLSearchParams({ subjectType: 'challenge_bid', subjectId: folder })}`,
      );
      const r = await api<{ bid: BidView; revised: boolean }>(
        'POST',
        `/api/challenges/problems/${problem.id}/bids`,
        {
          ...(body as object),
          attachments: files.items.map((f) => ({ name: f.name, sha256: f.sha256, size: f.size })),
          ...(live ? { version: live.version } : {}),
        },
      );
      navigate(`/challenges/bids/${r.bid.id}`);
    } catch (e) {
      setError(formError(form, e, lang));
    }
  }

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={15}>
        <Card className="section-card" size="small">
          <p>
            {t('challenges.budget')}：<BudgetRange p={problem} /> · {t('challenges.window')}：
            {formatDate(list.opensOn)} ~ {formatDate(list.closesOn)} · {list.basis.measureId}{' '}
            {pick(list.basis.name)}
          </p>
          <p className="small">{t('challenges.sealedNote')}</p>
          {live ? (
            <Alert
              type="info"
              showIcon
              data-testid="revising"
              title={t('challenges.revising', { v: live.version })}
            />
          ) : null}
        </Card>
        <ZodForm form={form} onValid={save} testId="bid-form" className="challenge-form">
          <Card className="section-card" title={t('challenges.bidAmountPart')}>
            <FormField
              form={form}
              name="amount"
              label={t('challenges.bidAmount')}
              extra={t('challenges.bidAmountHint')}
              required
            >
              {(f) => <MoneyInput {...f} value={f.value} />}
            </FormField>
          </Card>
          <Card className="section-card" title={t('challenges.planPart')}>
            <FormField form={form} name="plan" label={t('challenges.plan')} required>
              {(f) => <Input.TextArea {...f} rows={6} maxLength={10_000} showCount />}
            </FormField>
            <FormField form={form} name="team" label={t('challenges.team')} required>
              {(f) => <Input.TextArea {...f} rows={3} maxLength={3000} />}
            </FormField>
            <FormField
              form={form}
              name="partners"
              label={t('challenges.partners')}
              extra={t('challenges.partnersHint')}
            >
              {(f) => <PartnerSelect {...f} value={f.value} />}
            </FormField>
          </Card>
          <Card className="section-card" title={t('challenges.milestones')}>
            {milestones.fields.map((row, i) => (
              <fieldset key={row.id} className="milestone-row" data-testid="milestone-row">
                <legend>{t('challenges.milestoneN', { n: i + 1 })}</legend>
                <Flex gap={8} wrap align="flex-start">
                  <FormField
                    form={form}
                    name={`milestones.${i}.title`}
                    label={t('challenges.milestoneTitle', { n: i + 1 })}
                    required
                  >
                    {(f) => <Input {...f} maxLength={120} />}
                  </FormField>
                  <FormField
                    form={form}
                    name={`milestones.${i}.dueOn`}
                    label={t('challenges.dueOn', { n: i + 1 })}
                    required
                  >
                    {(f) => <DateInput {...f} value={f.value} />}
                  </FormField>
                  <FormField
                    form={form}
                    name={`milestones.${i}.plannedInput`}
                    label={t('challenges.plannedInput', { n: i + 1 })}
                    required
                  >
                    {(f) => <MoneyInput {...f} value={f.value} />}
                  </FormField>
                </Flex>
                <FormField
                  form={form}
                  name={`milestones.${i}.indicators`}
                  label={t('challenges.milestoneIndicators', { n: i + 1 })}
                  required
                >
                  {(f) => <Input.TextArea {...f} rows={2} maxLength={2000} />}
                </FormField>
                {milestones.fields.length > 1 ? (
                  <Button onClick={() => milestones.remove(i)}>
                    {t('challenges.removeMilestone', { n: i + 1 })}
                  </Button>
                ) : null}
              </fieldset>
            ))}
            <Space wrap>
              {milestones.fields.length < 10 ? (
                <Button onClick={() => milestones.append(emptyMilestone())} data-testid="add-milestone">
                  {t('challenges.addMilestone')}
                </Button>
              ) : null}
              <span data-testid="planned-total">
                {t('challenges.plannedTotal')} <Money fen={planned} />
              </span>
            </Space>
          </Card>
          <Card className="section-card" title={t('challenges.attachments')}>
            <Typography.Paragraph className="small">{t('challenges.attachmentsHint')}</Typography.Paragraph>
            <Attachments subjectType="challenge_bid" subjectId={folder} canUpload />
          </Card>
          {error ? <ErrorBox error={error} /> : null}
          <Button
            type="primary"
            htmlType="submit"
            loading={form.formState.isSubmitting}
            data-testid="submit-bid"
          >
            {live ? t('challenges.submitRevision') : t('challenges.submitBid')}
          </Button>
        </ZodForm>
      </Col>
      <Col xs={24} lg={9}>
        <EntitlementPanel entitlement={entitlement} />
        <p className="small">
          {t('challenges.sector')}：{labels.sector(problem.sector)}
        </p>
      </Col>
    </Row>
  );
}

/** Consortium partners from the registry: search by name or USCC (GET /api/challenges/partners). */
function PartnerSelect({
  value,
  onChange,
  id,
  ...aria
}: {
  id: string;
  value: string[];
  onChange: (v: string[]) => void;
  'aria-describedby'?: string;
}) {
  const { t } = useI18n('challenges');
  const labels = useLabels();
  const [q, setQ] = useState('');
  const [known, setKnown] = useState<Record<string, Partner>>({});
  const found = useApi<{ items: Partner[] }>(
    q.trim().length >= 2 ? `/api/challenges/partners?q=${encodeURIComponent(q.trim())}` : null,
  );
  const chosen = useApi<{ items: Partner[] }>(
    value.length > 0 && value.some((v) => !known[v])
      ? `/api/challenges/partners?ids=${value.join(',')}`
      : null,
  );
  const all = { ...known };
  for (const o of [...(found.data?.items ?? []), ...(chosen.data?.items ?? [])]) all[o.id] = o;
  const label = (o: Partner) => `${o.name}（${labels.kind(o.kind)} · ${labels.city(o.city)}）`;
  const options = Object.values(all)
    .filter((o) => value.includes(o.id) || (found.data?.items ?? []).some((x) => x.id === o.id))
    .map((o) => ({ value: o.id, label: label(o) }));
  return (
    <Select
      {...aria}
      id={id}
      mode="multiple"
      value={value}
      showSearch={{ filterOption: false, onSearch: setQ }}
      onChange={(v: string[]) => {
        setKnown(all);
        onChange(v);
      }}
      options={options}
      placeholder={t('challenges.partnersPlaceholder')}
      notFoundContent={q.trim().length >= 2 ? t('challenges.noPartners') : t('challenges.typeTwo')}
      loading={found.loading}
      maxCount={20}
    />
  );
}
