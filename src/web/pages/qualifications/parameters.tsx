/**
 * 本地标准设定 (approvers, admins): every criterion whose threshold the public rules leave to the district
 * or the city (待区科委设定 until set), with the value set and the document it comes from; the form sets
 * a value typed in people's units (万元, %, 人, 年) with its source (required), or clears it; each
 * criterion's revisions on demand. Beside them, the criteria a public rule prints, with the citation —
 * never edited here. An admin sets which drafts are simulated as adopted for first-time rewards.
 * GET /api/qualifications/reference, PUT/GET /api/qualifications/parameters/:kind/:criterion,
 * GET/PUT /api/qualifications/reward-settings.
 */
import { Alert, Button, Card, Input, Modal, Space, Tag } from 'antd';
import { useState } from 'react';
import { parameterInputSchema, rewardSettingsSchema } from '../../../service/qualifications/schemas.ts';
import { ApiError, api, useApi } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { DateInput } from '../../components/date-input.tsx';
import { applyIssues, FormField, SubmitButton, useZodForm, ZodForm } from '../../components/form.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import { useSession } from '../../session.tsx';
import { type KindRef, type ParamHistory, type RewardSettings, useQualReference } from './shared.tsx';
import './qualifications.css';

type Criterion = KindRef['criteria'][number];
type Text = { zh: string; en: string };
/** A criterion an officer sets (basis 'parameter'), as the reference describes it. */
type ParamCriterion = Criterion & {
  metric: { label: Text; unit: string };
  op: string;
  value: number | null;
  valueText: Text | null;
  pendingText: Text;
  source: string | null;
  setAt: string | null;
};
const asParam = (c: Criterion) => c as unknown as ParamCriterion;
interface Row {
  key: string;
  kind: KindRef;
  criterion: Criterion;
}

const paramForm = parameterInputSchema.extend({ value: parameterInputSchema.shape.value.unwrap() });

export default function ParametersPage() {
  const { t, pick } = useI18n('qualifications');
  const { user } = useSession();
  const ref = useQualReference();
  const [editing, setEditing] = useState<Row | null>(null);
  const [history, setHistory] = useState<Row | null>(null);
  const rows: Row[] = (ref.data?.kinds ?? []).flatMap((k) =>
    k.criteria.map((c) => ({ key: `${k.code}/${c.id}`, kind: k, criterion: c })),
  );
  const params = rows.filter((r) => r.criterion.basis === 'parameter');
  const sourced = rows.filter((r) => r.criterion.basis === 'sourced');
  const pending = params.filter((r) => asParam(r.criterion).value === null).length;

  return (
    <>
      <PageHeader title={t('qual.paramsTitle')} subtitle={t('qual.paramsIntro')} />
      {ref.error ? <ErrorBox error={ref.error} onRetry={ref.reload} /> : null}
      {!ref.data ? (
        <Loading />
      ) : (
        <>
          <Card
            className="section-card"
            title={<h2 className="card-h2">{t('qual.paramsLocal', { n: params.length, pending })}</h2>}
          >
            <DataTable<Row>
              rows={params}
              rowKey={(r) => r.key}
              testId="parameters"
              caption={t('qual.paramsLocal', { n: params.length, pending })}
              rowProps={(r) => ({ 'data-key': r.key })}
              columns={[
                { key: 'kind', title: t('qual.kind'), card: 'title', render: (r) => pick(r.kind.label) },
                { key: 'criterion', title: t('qual.criterion'), render: (r) => pick(r.criterion.label) },
                {
                  key: 'value',
                  title: t('qual.threshold'),
                  render: (r) => {
                    const c = asParam(r.criterion);
                    return c.value === null ? (
                      <Tag color="warning">{pick(c.pendingText)}</Tag>
                    ) : (
                      <span>
                        {t(`qual.op.${c.op}` as never)} {pick(c.valueText)}
                      </span>
                    );
                  },
                },
                {
                  key: 'source',
                  title: t('qual.paramSource'),
                  render: (r) => {
                    const c = asParam(r.criterion);
                    return c.source ? (
                      <span>
                        {c.source}
                        {c.setAt ? <span className="small"> · {formatDateTime(c.setAt)}</span> : null}
                      </span>
                    ) : (
                      '—'
                    );
                  },
                },
                {
                  key: 'actions',
                  title: t('qual.actions'),
                  render: (r) => (
                    <Space size={4} wrap>
                      <Button size="small" onClick={() => setEditing(r)} data-testid={`set-${r.key}`}>
                        {t('qual.paramSet')}
                      </Button>
                      <Button size="small" onClick={() => setHistory(r)}>
                        {t('qual.paramHistory')}
                      </Button>
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
          <Card className="section-card" title={<h2 className="card-h2">{t('qual.paramsSourced')}</h2>}>
            <DataTable<Row>
              rows={sourced}
              rowKey={(r) => r.key}
              testId="sourced"
              caption={t('qual.paramsSourced')}
              columns={[
                { key: 'kind', title: t('qual.kind'), card: 'title', render: (r) => pick(r.kind.label) },
                { key: 'criterion', title: t('qual.criterion'), render: (r) => pick(r.criterion.label) },
                {
                  key: 'value',
                  title: t('qual.threshold'),
                  render: (r) => {
                    const c = r.criterion as Criterion & {
                      valueText?: { zh: string; en: string };
                      op?: string;
                      bands?: {
                        valueText: { zh: string; en: string };
                        upToText: { zh: string; en: string } | null;
                      }[];
                    };
                    if (c.bands)
                      return c.bands
                        .map(
                          (b) =>
                            `${t(`qual.op.${c.op}` as never)} ${pick(b.valueText)}${b.upToText ? `（≤ ${pick(b.upToText)}）` : ''}`,
                        )
                        .join('；');
                    return c.valueText ? `${t(`qual.op.${c.op}` as never)} ${pick(c.valueText)}` : '—';
                  },
                },
                {
                  key: 'citation',
                  title: t('qual.citation'),
                  render: (r) => {
                    const c = r.criterion as Criterion & {
                      citation?: { text: string; quote: string } | null;
                    };
                    return c.citation ? (
                      <span className="small">
                        {c.citation.text}：“{c.citation.quote}”
                      </span>
                    ) : (
                      '—'
                    );
                  },
                },
              ]}
            />
          </Card>
          <RewardSettingsCard canEdit={user?.role === 'admin'} />
        </>
      )}
      <Modal
        open={editing !== null}
        footer={null}
        destroyOnHidden
        onCancel={() => setEditing(null)}
        title={editing ? `${pick(editing.kind.label)} · ${pick(editing.criterion.label)}` : ''}
      >
        {editing ? <ParameterForm row={editing} onSaved={ref.reload} /> : null}
      </Modal>
      <Modal
        open={history !== null}
        footer={null}
        destroyOnHidden
        onCancel={() => setHistory(null)}
        title={history ? `${t('qual.paramHistory')} · ${pick(history.criterion.label)}` : ''}
      >
        {history ? <ParameterHistory row={history} /> : null}
      </Modal>
    </>
  );
}

function ParameterForm({ row, onSaved }: { row: Row; onSaved: () => void }) {
  const { t, lang, pick } = useI18n('qualifications');
  const c = asParam(row.criterion);
  const unit = c.metric.unit === 'fen' ? '万元' : c.metric.unit === 'bp' ? '%' : '';
  const form = useZodForm(paramForm, { value: '', source: '', note: '' });
  const [state, setState] = useState<{ ok?: boolean; error?: unknown }>({});
  async function save(body: { value: string | null; source: string; note?: string }) {
    setState({});
    try {
      await api('PUT', `/api/qualifications/parameters/${row.kind.code}/${row.criterion.id}`, {
        value: body.value === '' ? null : body.value,
        source: body.source,
        ...(body.note ? { note: body.note } : {}),
      });
      setState({ ok: true });
      onSaved();
    } catch (err) {
      const stray = err instanceof ApiError ? applyIssues(form, err.issues, lang) : [];
      if (!(err instanceof ApiError) || err.issues.length === 0 || stray.length > 0) setState({ error: err });
    }
  }
  return (
    <ZodForm form={form} onValid={save} testId="parameter-form">
      <p className="small">
        {pick(c.metric.label)} {t(`qual.op.${c.op}` as never)} ? ·{' '}
        {c.value === null ? pick(c.pendingText) : pick(c.valueText)}
      </p>
      <FormField
        form={form}
        name="value"
        label={`${t('qual.threshold')}${unit ? `（${unit}）` : ''}`}
        extra={t('qual.paramValueHelp')}
      >
        {(f) => <Input {...f} value={f.value ?? ''} />}
      </FormField>
      <FormField
        form={form}
        name="source"
        label={t('qual.paramSource')}
        required
        extra={t('qual.paramSourceHelp')}
      >
        {(f) => <Input {...f} />}
      </FormField>
      <FormField form={form} name="note" label={t('qual.note')}>
        {(f) => <Input.TextArea {...f} value={f.value ?? ''} rows={2} />}
      </FormField>
      <SubmitButton form={form} testId="parameter-save">
        {t('common.save')}
      </SubmitButton>
      {state.ok ? (
        <Alert type="success" role="status" title={t('qual.saved')} data-testid="parameter-saved" />
      ) : null}
      {state.error ? <ErrorBox error={state.error} /> : null}
    </ZodForm>
  );
}

function ParameterHistory({ row }: { row: Row }) {
  const { t, pick } = useI18n('qualifications');
  const h = useApi<ParamHistory>(`/api/qualifications/parameters/${row.kind.code}/${row.criterion.id}`);
  if (h.error) return <ErrorBox error={h.error} />;
  if (!h.data) return <Loading />;
  const items = h.data.items;
  if (items.length === 0) return <p>{t('qual.paramNoHistory')}</p>;
  return (
    <ol className="qual-param-history">
      {items.map((x) => (
        <li key={x.revision}>
          {x.value === null ? t('qual.paramCleared') : pick(x.valueText)} · {x.source}
          {x.setBy ? ` · ${x.setBy}` : ''}
          {x.setAt ? ` · ${formatDateTime(x.setAt)}` : ''}
          {x.note ? <div className="small">{x.note}</div> : null}
        </li>
      ))}
    </ol>
  );
}

function RewardSettingsCard({ canEdit }: { canEdit: boolean }) {
  const { t, lang } = useI18n('qualifications');
  const settings = useApi<RewardSettings>('/api/qualifications/reward-settings');
  return (
    <Card className="section-card" title={<h2 className="card-h2">{t('qual.rewardSettings')}</h2>}>
      <p className="small">{t('qual.rewardSettingsHelp')}</p>
      {settings.error ? <ErrorBox error={settings.error} /> : null}
      {settings.data ? (
        <>
          <p data-testid="reward-settings">
            {Object.entries(settings.data.adopt).length === 0
              ? t('qual.noSimulation')
              : Object.entries(settings.data.adopt)
                  .map(([doc, day]) => t('qual.simulatedFrom', { doc, date: day }))
                  .join('；')}
            {settings.data.updatedBy ? (
              <span className="small">
                {' '}
                · {settings.data.updatedBy} {formatDateTime(settings.data.updatedAt)}
              </span>
            ) : null}
          </p>
          {canEdit ? (
            <AdoptForm current={settings.data.adopt['001'] ?? ''} onSaved={settings.reload} lang={lang} />
          ) : null}
        </>
      ) : null}
    </Card>
  );
}

function AdoptForm({ current, onSaved, lang }: { current: string; onSaved: () => void; lang: 'zh' | 'en' }) {
  const { t } = useI18n('qualifications');
  const form = useZodForm(rewardSettingsSchema, { adopt: current ? { '001': current } : {} });
  const [error, setError] = useState<unknown>(null);
  return (
    <ZodForm
      form={form}
      testId="adopt-form"
      onValid={async (v) => {
        setError(null);
        const adopt = Object.fromEntries(Object.entries(v.adopt).filter(([, d]) => Boolean(d)));
        try {
          await api('PUT', '/api/qualifications/reward-settings', { adopt });
          onSaved();
        } catch (err) {
          const stray = err instanceof ApiError ? applyIssues(form, err.issues, lang) : [];
          if (!(err instanceof ApiError) || err.issues.length === 0 || stray.length > 0) setError(err);
        }
      }}
    >
      <FormField form={form} name={'adopt.001' as never} label={t('qual.adopt001')}>
        {(f) => <DateInput {...f} value={(f.value as string | undefined) ?? ''} />}
      </FormField>
      <SubmitButton form={form}>{t('common.save')}</SubmitButton>
      {error ? <ErrorBox error={error} /> : null}
    </ZodForm>
  );
}
