/**
 * 榜单 on the officer's desk: drafting a list (its legal basis — 000·二's 攻关项目需求榜单 for the nine
 * cities or 001·二's 策源地攻关项目榜单 for global institutions —, batch, co-issuing cities, the window,
 * the fund it draws on, the criteria and weights the panel scores by), publishing it, and editing it
 * after publication (a reason is required: each change is a public version, listed here). The form is
 * the API's own schema (listInputSchema). 撤销榜单: a draft or published list is cancelled with the
 * reason, in a dialog that says what follows (open problems cancelled, live bids void, bidders told).
 * Below: the problems on the list and the list's chart.
 */
import './desk.css';
import { Alert, Button, Descriptions, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useFieldArray } from 'react-hook-form';
import { Link, useNavigate, useParams } from 'react-router';
import type { z } from 'zod';
import { cancelSchema, listInputSchema } from '../../../service/challenges/schemas.ts';
import { api, useApi } from '../../api.ts';
import { makeLabeller, type Reference, useCatalogue } from '../../catalogue-data.tsx';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { DateInput } from '../../components/date-input.tsx';
import { FormField, SubmitButton, useZodForm, ZodForm } from '../../components/form.tsx';
import { MoneyRange } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import { ListChart } from './desk-chart.tsx';
import {
  type ChallengeReference,
  type ListDetail,
  type ListView,
  type ProblemView,
  StateTag,
  useAction,
  useChallengeLabels,
  useChallengeReference,
  useDeskRole,
} from './desk-shared.tsx';

function listFormSchema(catalogueRef: Reference, ref: ChallengeReference) {
  return listInputSchema(
    catalogueRef as unknown as Parameters<typeof listInputSchema>[0],
    ref.bases.map((b) => b.measureId),
  );
}
type ListForm = z.input<ReturnType<typeof listFormSchema>>;

export default function DeskListPage() {
  const { id } = useParams();
  const isNew = !id || id === 'new';
  const { t } = useI18n('challengeDesk');
  const ref = useChallengeReference();
  const catalogue = useCatalogue();
  const list = useApi<ListDetail>(isNew ? null : `/api/challenges/lists/${id}`);
  const back = { to: '/challenges/desk', label: t('challengeDesk.backToDesk') };
  if (isNew)
    return (
      <>
        <PageHeader title={t('challengeDesk.newList')} back={back} />
        {ref.error || catalogue.error ? <ErrorBox error={ref.error ?? catalogue.error} /> : null}
        {!ref.data || !catalogue.data ? (
          <Loading />
        ) : (
          <ListEditor reference={ref.data} catalogueRef={catalogue.data.reference} list={null} />
        )}
      </>
    );
  return (
    <>
      <PageHeader
        title={list.data?.title ?? t('challengeDesk.list')}
        subtitle={list.data ? `${list.data.batch} · ${list.data.basis.name.zh}` : undefined}
        back={back}
      />
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {!list.data || !ref.data || !catalogue.data ? (
        <Loading />
      ) : (
        <ListDesk
          list={list.data}
          reference={ref.data}
          catalogueRef={catalogue.data.reference}
          onChange={list.reload}
        />
      )}
    </>
  );
}

function ListDesk({
  list,
  reference,
  catalogueRef,
  onChange,
}: {
  list: ListDetail;
  reference: ChallengeReference;
  catalogueRef: Reference;
  onChange: () => void;
}) {
  const { t, lang, pick } = useI18n('challengeDesk');
  const role = useDeskRole();
  const labels = useChallengeLabels(reference);
  const label = makeLabeller(catalogueRef, lang);
  const problems = useApi<{ items: ProblemView[] }>(`/api/challenges/problems?listId=${list.id}&limit=200`);
  const [editing, setEditing] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const { error, busy, run } = useAction();
  const publish = () =>
    run(
      () => api('POST', `/api/challenges/lists/${list.id}/publish`, { version: list.version }),
      () => {
        onChange();
        problems.reload();
      },
    );

  const problemColumns: Column<ProblemView>[] = [
    {
      key: 'title',
      title: t('challengeDesk.problem'),
      card: 'title',
      render: (p) => <Link to={`/challenges/desk/problems/${p.id}`}>{p.title}</Link>,
    },
    { key: 'poser', title: t('challengeDesk.poser'), render: (p) => p.poser.name },
    { key: 'sector', title: t('challengeDesk.sector'), render: (p) => label('sectors', p.sector) },
    {
      key: 'budget',
      title: t('challengeDesk.budget'),
      align: 'right',
      render: (p) => <MoneyRange range={{ min: p.budgetMin, max: p.budgetMax }} />,
    },
    {
      key: 'state',
      title: t('challengeDesk.state'),
      render: (p) => <StateTag machine="problem" state={p.state} labels={labels} />,
    },
  ];

  return (
    <>
      <Descriptions
        column={1}
        size="small"
        className="facts"
        data-testid="list-facts"
        items={[
          {
            key: 'state',
            label: t('challengeDesk.state'),
            children: (
              <Space wrap>
                <StateTag machine="list" state={list.state} labels={labels} />
                <span>{t('challengeDesk.versionN', { n: list.version })}</span>
                {list.demo ? <span className="hint">{t('challengeDesk.demo')}</span> : null}
              </Space>
            ),
          },
          {
            key: 'basis',
            label: t('challengeDesk.basis'),
            children: (
              <>
                {pick(list.basis.name)}（{pick(list.basis.citation)}）
                <blockquote className="quote">{list.basis.quote}</blockquote>
                {list.basis.draft ? (
                  <Alert type="warning" showIcon title={t('challengeDesk.draftBasis')} />
                ) : null}
              </>
            ),
          },
          {
            key: 'eligibility',
            label: t('challengeDesk.eligibility'),
            children: pick(list.basis.eligibility),
          },
          {
            key: 'coIssuers',
            label: t('challengeDesk.coIssuers'),
            children: list.coIssuers.length ? list.coIssuers.map((c) => label('cities', c)).join('、') : '—',
          },
          {
            key: 'window',
            label: t('challengeDesk.window'),
            children: `${formatDate(list.opensOn)} ~ ${formatDate(list.closesOn)}（${pick(list.window.label)}）`,
          },
          { key: 'fund', label: t('challengeDesk.fund'), children: list.fund },
          {
            key: 'criteria',
            label: t('challengeDesk.criteria'),
            children: (
              <span data-testid="list-criteria">
                {list.criteria.map((c) => `${pick(c.label)} ×${c.weight}`).join('；')}
                <span className="hint">
                  {' '}
                  {t('challengeDesk.quorumScale', { quorum: list.quorum, max: list.scoreMax })}
                </span>
              </span>
            ),
          },
          {
            key: 'tieBreaks',
            label: t('challengeDesk.tieBreaks'),
            children: list.tieBreaks.map((x) => labels.tieBreak(x)).join(' → '),
          },
        ]}
      />
      {list.state === 'cancelled' && list.cancelReason ? (
        <Alert
          type="warning"
          showIcon
          data-testid="list-cancelled"
          title={t('challengeDesk.cancelledBecause', {
            at: list.cancelledAt ? formatDateTime(list.cancelledAt) : '',
            reason: list.cancelReason,
          })}
        />
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
      {role.officer ? (
        <Space wrap className="actions-row">
          {list.state === 'draft' ? (
            <Button type="primary" loading={busy} onClick={publish} data-testid="publish-list">
              {t('challengeDesk.publish')}
            </Button>
          ) : null}
          {list.state !== 'cancelled' ? (
            <Button onClick={() => setEditing((x) => !x)} aria-expanded={editing} data-testid="edit-list">
              {list.state === 'published' ? t('challengeDesk.editPublished') : t('challengeDesk.edit')}
            </Button>
          ) : null}
          {list.state !== 'cancelled' ? (
            <Button danger onClick={() => setCancelling(true)} data-testid="cancel-list">
              {t('challengeDesk.cancelList')}
            </Button>
          ) : null}
        </Space>
      ) : null}
      <Modal
        open={cancelling}
        onCancel={() => setCancelling(false)}
        footer={null}
        destroyOnHidden
        title={t('challengeDesk.cancelList')}
      >
        <CancelListForm
          list={list}
          onDone={() => {
            setCancelling(false);
            onChange();
            problems.reload();
          }}
        />
      </Modal>
      {editing ? (
        <ListEditor
          reference={reference}
          catalogueRef={catalogueRef}
          list={list}
          onSaved={() => {
            setEditing(false);
            onChange();
          }}
        />
      ) : null}

      <Typography.Title level={2} className="section-title">
        {t('challengeDesk.versions')}
      </Typography.Title>
      {list.versions.length === 0 ? (
        <p className="hint">{t('challengeDesk.noVersions')}</p>
      ) : (
        <ol className="plain-list" data-testid="list-versions">
          {list.versions.map((v) => (
            <li key={v.version}>
              {t('challengeDesk.versionN', { n: v.version })} · {formatDateTime(v.changedAt)}
              {v.note ? `：${v.note}` : ''}
            </li>
          ))}
        </ol>
      )}

      <Typography.Title level={2} className="section-title">
        {t('challengeDesk.problemsOnList')}
      </Typography.Title>
      {problems.error ? <ErrorBox error={problems.error} /> : null}
      {problems.data ? (
        <DataTable
          rows={problems.data.items}
          columns={problemColumns}
          rowKey={(p) => p.id}
          testId="list-problems"
          caption={t('challengeDesk.problemsOnList')}
        />
      ) : (
        <Loading />
      )}

      <Typography.Title level={2} className="section-title">
        {t('challengeDesk.chartTitle')}
      </Typography.Title>
      <ListChart chart={list.chart} />
    </>
  );
}

/** 撤销榜单: the reason (required; the server names the field if it refuses it) and what follows. */
function CancelListForm({ list, onDone }: { list: ListView; onDone: () => void }) {
  const { t } = useI18n('challengeDesk');
  const form = useZodForm(cancelSchema, { reason: '', version: list.version });
  const { error, run } = useAction(form);
  const save = (v: z.output<typeof cancelSchema>) =>
    run(
      () =>
        api('POST', `/api/challenges/lists/${list.id}/cancel`, {
          reason: v.reason.trim(),
          version: list.version,
        }),
      onDone,
    );
  return (
    <ZodForm form={form} onValid={save} testId="cancel-list-form">
      <Alert type="warning" showIcon title={t('challengeDesk.cancelListHint')} />
      <FormField form={form} name="reason" label={t('challengeDesk.cancelReason')} required>
        {(f) => <Input.TextArea {...f} value={f.value ?? ''} rows={3} maxLength={2000} />}
      </FormField>
      {error ? <ErrorBox error={error} /> : null}
      <SubmitButton form={form} testId="confirm-cancel-list" danger>
        {t('challengeDesk.confirmCancelList')}
      </SubmitButton>
    </ZodForm>
  );
}

/** The list form: a new draft, a draft's edit, or a published list's edit with its reason. */
function ListEditor({
  reference,
  catalogueRef,
  list,
  onSaved,
}: {
  reference: ChallengeReference;
  catalogueRef: Reference;
  list: ListView | null;
  onSaved?: () => void;
}) {
  const { t, lang, pick } = useI18n('challengeDesk');
  const navigate = useNavigate();
  const label = makeLabeller(catalogueRef, lang);
  const schema = listFormSchema(catalogueRef, reference);
  const published = list?.state === 'published';
  const form = useZodForm(schema, {
    basisMeasureId: list?.basis.measureId ?? reference.bases[0]?.measureId ?? '',
    title: list?.title ?? '',
    batch: list?.batch ?? '',
    coIssuers: list?.coIssuers ?? [],
    opensOn: list?.opensOn ?? '',
    closesOn: list?.closesOn ?? '',
    criteria: (list?.criteria ?? reference.judging.criteria).map((c) => ({
      code: c.code,
      weight: c.weight,
      label: { zh: c.label.zh, en: c.label.en },
    })),
    quorum: list?.quorum ?? reference.judging.quorum,
    tieBreaks: (list?.tieBreaks ?? reference.judging.tieBreaks.map((x) => x.code)) as ListForm['tieBreaks'],
    reason: '',
  });
  const criteria = useFieldArray({ control: form.control, name: 'criteria' as never });
  const { error, run } = useAction(form);
  const basisId = form.watch('basisMeasureId');
  const basis = reference.bases.find((b) => b.measureId === basisId);

  const save = (values: z.output<typeof schema>) => {
    const body = { ...values, reason: values.reason?.trim() || null, version: list?.version };
    return run(async () => {
      if (list) {
        await api('PUT', `/api/challenges/lists/${list.id}`, body);
        onSaved?.();
      } else {
        const made = await api<ListView>('POST', '/api/challenges/lists', body);
        navigate(`/challenges/desk/lists/${made.id}`);
      }
    });
  };

  return (
    <ZodForm form={form} onValid={save} testId="list-form" className="section-form">
      {published ? <Alert type="info" showIcon title={t('challengeDesk.publishedEditHint')} /> : null}
      <FormField form={form} name="basisMeasureId" label={t('challengeDesk.basis')} required>
        {(f) => (
          <Select
            {...f}
            options={reference.bases.map((b) => ({
              value: b.measureId,
              label: `${pick(b.name)}（${pick(b.citation)}）${b.draft ? t('challengeDesk.draftMark') : ''}`,
            }))}
          />
        )}
      </FormField>
      {basis ? (
        <p className="hint" data-testid="basis-eligibility">
          {t('challengeDesk.eligibility')}：{pick(basis.eligibility)}
          <br />
          {t('challengeDesk.fundHint', { fund: basis.measureId.split('·')[0] ?? '' })}
        </p>
      ) : null}
      <FormField form={form} name="title" label={t('challengeDesk.listTitle')} required>
        {(f) => <Input {...f} maxLength={120} />}
      </FormField>
      <FormField form={form} name="batch" label={t('challengeDesk.batch')} required>
        {(f) => <Input {...f} maxLength={60} placeholder={t('challengeDesk.batchExample')} />}
      </FormField>
      <FormField form={form} name="coIssuers" label={t('challengeDesk.coIssuers')}>
        {(f) => (
          <Select
            {...f}
            mode="multiple"
            options={catalogueRef.cities.map((c) => ({ value: c.code, label: label('cities', c.code) }))}
          />
        )}
      </FormField>
      <Space wrap>
        <FormField form={form} name="opensOn" label={t('challengeDesk.opensOn')} required>
          {(f) => <DateInput {...f} />}
        </FormField>
        <FormField form={form} name="closesOn" label={t('challengeDesk.closesOn')} required>
          {(f) => <DateInput {...f} />}
        </FormField>
        <FormField form={form} name="quorum" label={t('challengeDesk.quorum')} required>
          {(f) => <InputNumber {...f} min={1} max={50} />}
        </FormField>
      </Space>
      <fieldset className="criteria-fieldset">
        <legend>{t('challengeDesk.criteriaWeights')}</legend>
        <p className="hint">{pick(reference.judging.note)}</p>
        {criteria.fields.map((c, i) => (
          <Space key={c.id} wrap align="start">
            <FormField form={form} name={`criteria.${i}.label.zh`} label={t('challengeDesk.criterionZh')}>
              {(f) => <Input {...f} maxLength={40} />}
            </FormField>
            <FormField form={form} name={`criteria.${i}.label.en`} label={t('challengeDesk.criterionEn')}>
              {(f) => <Input {...f} maxLength={80} />}
            </FormField>
            <FormField form={form} name={`criteria.${i}.weight`} label={t('challengeDesk.weight')}>
              {(f) => <InputNumber {...f} min={1} max={100} />}
            </FormField>
          </Space>
        ))}
      </fieldset>
      <FormField
        form={form}
        name="reason"
        label={t('challengeDesk.changeReason')}
        required={published}
        extra={published ? t('challengeDesk.changeReasonHint') : undefined}
      >
        {(f) => <Input.TextArea {...f} value={f.value ?? ''} rows={2} maxLength={2000} />}
      </FormField>
      {error ? <ErrorBox error={error} /> : null}
      <SubmitButton form={form} testId="save-list">
        {list ? t('challengeDesk.save') : t('challengeDesk.createDraft')}
      </SubmitButton>
    </ZodForm>
  );
}
