/**
 * 培育库编辑 (officers): a pool's name, description, target (kind and grade) and entry rule over the
 * registry and the ledger — holds any of / none of, cities, organisation kinds, sectors, figures
 * (typed in people's units: 万元, %, 人, 年), at most N criteria unmet, the target expiring within N
 * days — on the API's own schema (poolInputSchema, poolRuleSchema). POST / PUT /api/qualifications/pools.
 */
import { Alert, Button, Card, Checkbox, Input, InputNumber, Select, Space } from 'antd';
import { useFieldArray } from 'react-hook-form';
import { useNavigate, useParams } from 'react-router';
import { z } from 'zod';
import { parameterFromInput } from '../../../core/qualifications/criteria.ts';
import { METRICS, type MetricCode } from '../../../core/qualifications/metrics.ts';
import { poolRuleSchema } from '../../../core/qualifications/pools.ts';
import { poolInputSchema } from '../../../service/qualifications/schemas.ts';
import { ApiError, api, useApi } from '../../api.ts';
import { makeLabeller, useCatalogue } from '../../catalogue-data.tsx';
import { applyIssues, FormField, SubmitButton, useZodForm, ZodForm } from '../../components/form.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { translate, useI18n } from '../../i18n/index.ts';
import { type Pool, type Reference, useQualReference } from './shared.tsx';
import './qualifications.css';

type Op = 'gte' | 'gt' | 'lte' | 'lt';
interface PoolFormValues {
  name: string;
  description: string;
  target: { kind: string; grade: string | null };
  rule: {
    holdsAny: string[];
    holdsNone: string[];
    cities: string[];
    orgKinds: string[];
    sectors: string[];
    metrics: { metric: MetricCode; op: Op; value: string }[];
    maxUnmet: number | null;
    expiringWithinDays: number | null;
  };
  active: boolean;
}

const ruleShape = poolRuleSchema.shape;
const metricShape = ruleShape.metrics.unwrap().element.shape;
/** An empty choice is "no condition", not "none of the list": left out of the rule. */
const nonEmpty = <T,>(a: T[]) => (a.length > 0 ? a : undefined);
const codes = z.array(z.string()).transform(nonEmpty);
const nullable = (v: unknown) => (v === null || v === '' ? undefined : v);

/** A figure typed in people's units (万元, %, 人, 年) becomes the metric's unit, as the API keeps it. */
const metricRow = z
  .object({ metric: metricShape.metric, op: metricShape.op, value: z.string().trim().min(1) })
  .transform((m, ctx) => {
    const value = parameterFromInput(m.metric, m.value);
    if (value === null) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: translate('qual.badFigure') });
      return z.NEVER;
    }
    return { ...m, value };
  });

const poolForm = poolInputSchema.extend({
  target: poolInputSchema.shape.target.extend({
    grade: z.preprocess((v) => v || null, poolInputSchema.shape.target.shape.grade),
  }),
  rule: z
    .object({
      holdsAny: codes.pipe(ruleShape.holdsAny),
      holdsNone: codes.pipe(ruleShape.holdsNone),
      cities: codes.pipe(ruleShape.cities),
      orgKinds: codes.pipe(ruleShape.orgKinds),
      sectors: codes.pipe(ruleShape.sectors),
      metrics: z.array(metricRow).transform(nonEmpty).pipe(ruleShape.metrics),
      maxUnmet: z.preprocess(nullable, ruleShape.maxUnmet),
      expiringWithinDays: z.preprocess(nullable, ruleShape.expiringWithinDays),
    })
    .strict(),
});

/** The metric's value in people's units, for editing (the inverse of parameterFromInput). */
function metricInput(metric: MetricCode, value: number): string {
  const unit = METRICS[metric].unit;
  if (unit === 'fen') return String(value / 1_000_000);
  if (unit === 'bp') return String(value / 100);
  return String(value);
}
const UNIT_HINT: Record<string, string> = { fen: '万元', bp: '%', count: '', years: '' };

function valuesOf(pool: Pool | null): PoolFormValues {
  const r = pool?.rule ?? {};
  return {
    name: pool?.name ?? '',
    description: pool?.description ?? '',
    target: { kind: pool?.target.kind ?? 'high_tech', grade: pool?.target.grade ?? null },
    rule: {
      holdsAny: r.holdsAny ?? [],
      holdsNone: r.holdsNone ?? [],
      cities: r.cities ?? ['songjiang'],
      orgKinds: r.orgKinds ?? [],
      sectors: r.sectors ?? [],
      metrics: (r.metrics ?? []).map((m) => ({
        metric: m.metric,
        op: m.op,
        value: metricInput(m.metric, m.value),
      })),
      maxUnmet: r.maxUnmet ?? null,
      expiringWithinDays: r.expiringWithinDays ?? null,
    },
    active: pool?.active ?? true,
  };
}

export default function PoolEditPage() {
  const { id } = useParams();
  const { t } = useI18n('qualifications');
  const ref = useQualReference();
  const pool = useApi<Pool>(id ? `/api/qualifications/pools/${id}` : null);
  const title = id ? t('qual.poolEdit') : t('qual.poolNew');
  const ready = ref.data && (!id || pool.data);
  return (
    <>
      <PageHeader
        title={title}
        back={{
          to: id ? `/qualifications/pools/${id}` : '/qualifications/pools',
          label: t('qual.poolsPageTitle'),
        }}
      />
      {ref.error ? <ErrorBox error={ref.error} /> : null}
      {pool.error ? <ErrorBox error={pool.error} /> : null}
      {ready ? <PoolEditor id={id ?? null} pool={pool.data} reference={ref.data!} /> : <Loading />}
    </>
  );
}

function PoolEditor({ id, pool, reference }: { id: string | null; pool: Pool | null; reference: Reference }) {
  const { t, pick, lang } = useI18n('qualifications');
  const navigate = useNavigate();
  const catalogue = useCatalogue();
  const label = makeLabeller(catalogue.data?.reference, lang);
  const form = useZodForm(poolForm, valuesOf(pool) as never);
  const metrics = useFieldArray({ control: form.control, name: 'rule.metrics' as never });
  const kind = form.watch('target.kind') as string;
  const target = reference.kinds.find((k) => k.code === kind);
  const kinds = reference.kinds.map((k) => ({ value: k.code, label: pick(k.label) }));
  const refList = (list: 'cities' | 'orgKinds' | 'sectors') =>
    (catalogue.data?.reference[list] ?? []).map((x) => ({ value: x.code, label: label(list, x.code) }));
  const available = reference.metrics.filter((m) => m.available);

  async function save(body: z.output<typeof poolForm>) {
    try {
      const saved = await api<Pool>(
        id ? 'PUT' : 'POST',
        id ? `/api/qualifications/pools/${id}` : '/api/qualifications/pools',
        body,
      );
      navigate(`/qualifications/pools/${saved.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) {
        const stray = applyIssues(form, err.issues, lang);
        if (stray.length > 0)
          form.setError('root', { message: stray.map((i) => i[lang] || i.zh).join('；') });
      } else
        form.setError('root', {
          message: err instanceof ApiError && err.text ? err.text[lang] : String(err),
        });
    }
  }

  const multi = (
    name: `rule.${'holdsAny' | 'holdsNone' | 'cities' | 'orgKinds' | 'sectors'}`,
    text: string,
    options: { value: string; label: string }[],
    extra?: string,
  ) => (
    <FormField form={form} name={name} label={text} extra={extra}>
      {(f) => (
        <Select
          {...f}
          mode="multiple"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          options={options}
        />
      )}
    </FormField>
  );

  return (
    <ZodForm form={form} onValid={save} testId="pool-form">
      <Card className="section-card" title={<h2 className="card-h2">{t('qual.poolBasics')}</h2>}>
        <FormField form={form} name="name" label={t('qual.poolName')} required>
          {(f) => <Input {...f} />}
        </FormField>
        <FormField form={form} name="description" label={t('qual.description')}>
          {(f) => <Input.TextArea {...f} rows={2} />}
        </FormField>
        <Space wrap align="start">
          <FormField form={form} name="target.kind" label={t('qual.target')} required>
            {(f) => (
              <Select
                {...f}
                className="qual-select"
                showSearch={{ optionFilterProp: 'label' }}
                options={kinds}
              />
            )}
          </FormField>
          {target && target.grades.length > 0 ? (
            <FormField form={form} name="target.grade" label={t('qual.grade')}>
              {(f) => (
                <Select
                  {...f}
                  className="qual-select"
                  allowClear
                  options={target.grades.map((g) => ({ value: g.code, label: pick(g.label) }))}
                />
              )}
            </FormField>
          ) : null}
        </Space>
        <FormField form={form} name="active" label={t('qual.state')}>
          {(f) => (
            <Checkbox id={f.id} checked={Boolean(f.value)} onChange={(e) => f.onChange(e.target.checked)}>
              {t('qual.poolActive')}
            </Checkbox>
          )}
        </FormField>
      </Card>
      <Card className="section-card" title={<h2 className="card-h2">{t('qual.rule')}</h2>}>
        {multi('rule.holdsAny', t('qual.holdsAny'), kinds, t('qual.holdsAnyHelp'))}
        {multi('rule.holdsNone', t('qual.holdsNone'), kinds)}
        {multi('rule.cities', t('qual.cities'), refList('cities'))}
        {multi('rule.orgKinds', t('qual.orgKinds'), refList('orgKinds'))}
        {multi('rule.sectors', t('qual.sectors'), refList('sectors'))}
        <h3 className="qual-h3">{t('qual.figures')}</h3>
        {metrics.fields.map((field, i) => {
          const metric = form.watch(`rule.metrics.${i}.metric` as never) as unknown as MetricCode;
          return (
            <Space key={field.id} wrap align="start" className="qual-metric-row">
              <FormField form={form} name={`rule.metrics.${i}.metric` as never} label={t('qual.metric')}>
                {(f) => (
                  <Select
                    {...f}
                    className="qual-select"
                    options={available.map((m) => ({ value: m.code, label: pick(m.label) }))}
                  />
                )}
              </FormField>
              <FormField form={form} name={`rule.metrics.${i}.op` as never} label={t('qual.op')}>
                {(f) => (
                  <Select
                    {...f}
                    options={(['gte', 'gt', 'lte', 'lt'] as const).map((o) => ({
                      value: o,
                      label: t(`qual.op.${o}`),
                    }))}
                  />
                )}
              </FormField>
              <FormField
                form={form}
                name={`rule.metrics.${i}.value` as never}
                label={`${t('qual.value')}${UNIT_HINT[METRICS[metric]?.unit ?? ''] ? `（${UNIT_HINT[METRICS[metric]!.unit]}）` : ''}`}
              >
                {(f) => <Input {...f} />}
              </FormField>
              <Button className="qual-remove" onClick={() => metrics.remove(i)}>
                {t('qual.remove')}
              </Button>
            </Space>
          );
        })}
        <p>
          <Button
            onClick={() => metrics.append({ metric: 'rdRatio', op: 'gte', value: '' } as never)}
            data-testid="add-metric"
          >
            {t('qual.addFigure')}
          </Button>
        </p>
        <Space wrap align="start">
          <FormField
            form={form}
            name="rule.maxUnmet"
            label={t('qual.maxUnmet')}
            extra={t('qual.maxUnmetHelp')}
          >
            {(f) => <InputNumber {...f} min={0} max={20} />}
          </FormField>
          <FormField form={form} name="rule.expiringWithinDays" label={t('qual.expiringWithin')}>
            {(f) => <InputNumber {...f} min={1} max={3650} />}
          </FormField>
        </Space>
      </Card>
      {form.formState.errors.root?.message ? (
        <Alert type="error" role="alert" title={form.formState.errors.root.message} />
      ) : null}
      <SubmitButton form={form} testId="pool-save">
        {t('common.save')}
      </SubmitButton>
    </ZodForm>
  );
}
