/**
 * 办事指南维护: every measure's facts that the policy texts leave open (待补录) — accepting department,
 * processing time, contact, rounds — filled in by an administrator, with the source of each (audited).
 * What a text says is shown quoted and stays.
 */
import { Alert, Card, Collapse, Input, Select, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { z } from 'zod';
import { guideEntryBody } from '../../../api/schemas.ts';
import { ApiError, api, useApi } from '../../api.ts';
import { useCatalogue } from '../../catalogue-data.tsx';
import { applyIssues, FormField, SubmitButton, useZodForm, ZodForm } from '../../components/form.tsx';
import { FactValue, GUIDE_FIELDS, type Guide } from '../../components/guide.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';

type Field = (typeof GUIDE_FIELDS)[number];

const fillForm = guideEntryBody.extend({ field: z.enum(GUIDE_FIELDS) });

function FillForm({ guide, onSaved }: { guide: Guide; onSaved: () => void }) {
  const { t, lang } = useI18n('catalogue');
  const pending = GUIDE_FIELDS.filter((f) => guide.facts[f].pending);
  const form = useZodForm(fillForm, { field: pending[0] ?? 'contact', value: '', source: '' });
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  async function save(v: z.output<typeof fillForm>) {
    setError(null);
    setSaved(false);
    try {
      await api('PUT', `/api/guides/${encodeURIComponent(guide.measureId)}/${v.field}`, {
        value: v.value,
        source: v.source,
      });
      setSaved(true);
      form.reset({ field: v.field, value: '', source: '' });
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) applyIssues(form, err.issues, lang);
      else setError(err);
    }
  }

  return (
    <ZodForm form={form} onValid={save} testId={`fill-${guide.measureId}`} className="fill-form">
      <div className="grid-3">
        <FormField form={form} name="field" label={t('guide.field')}>
          {(f) => (
            <Select
              {...f}
              options={GUIDE_FIELDS.map((x) => ({
                value: x,
                label: `${t(`guide.${x}`)}${guide.facts[x].pending ? ` · ${t('guide.pending')}` : ''}`,
              }))}
            />
          )}
        </FormField>
        <FormField form={form} name="value" label={t('guide.value')} required>
          {(f) => <Input {...f} maxLength={500} />}
        </FormField>
        <FormField form={form} name="source" label={t('guide.source')} extra={t('guide.sourceHint')} required>
          {(f) => <Input {...f} maxLength={200} />}
        </FormField>
      </div>
      {error ? <ErrorBox error={error} /> : null}
      <SubmitButton form={form}>{t('common.save')}</SubmitButton>{' '}
      {saved ? (
        <Tag color="success" role="status">
          {t('guide.saved')}
        </Tag>
      ) : null}
    </ZodForm>
  );
}

export default function GuidesAdminPage() {
  const { t, pick } = useI18n('catalogue');
  const cat = useCatalogue();
  const guides = useApi<{ items: Guide[] }>('/api/guides');
  const [only, setOnly] = useState<'money' | 'all'>('money');
  if (guides.loading && !guides.data) return <Loading />;
  if (guides.error || !guides.data) return <ErrorBox error={guides.error} onRetry={guides.reload} />;
  const measure = (id: string) => cat.data?.measures.find((m) => m.id === id);
  const list = guides.data.items.filter((g) => {
    const k = measure(g.measureId)?.benefit.kind;
    return only === 'all' || (k !== 'service' && k !== 'constraint');
  });
  const pendingCount = (g: Guide) => GUIDE_FIELDS.filter((f: Field) => g.facts[f].pending).length;
  return (
    <>
      <PageHeader title={t('guide.adminTitle')} subtitle={t('guide.adminIntro')} />
      <Alert type="info" showIcon title={t('guide.adminRule')} className="section-card" />
      <Card className="section-card">
        <span className="inline-field">
          <span id="guides-show">{t('guide.show')}</span>
          <Select
            aria-labelledby="guides-show"
            value={only}
            onChange={setOnly}
            popupMatchSelectWidth={false}
            options={[
              { value: 'money', label: t('guide.showMoney') },
              { value: 'all', label: t('guide.showAll') },
            ]}
          />
        </span>
        <Collapse
          className="guides"
          items={list.map((g) => ({
            key: g.measureId,
            label: (
              <span>
                <span className="mono">{g.measureId}</span> {pick(measure(g.measureId)?.title)}{' '}
                {pendingCount(g) > 0 ? (
                  <Tag color="warning">{t('guide.pendingN', { n: pendingCount(g) })}</Tag>
                ) : (
                  <Tag color="success">{t('guide.complete')}</Tag>
                )}
              </span>
            ),
            children: (
              <>
                <dl className="guide-dl">
                  {GUIDE_FIELDS.map((f) => (
                    <div key={f}>
                      <dt>{t(`guide.${f}`)}</dt>
                      <dd>
                        <FactValue fact={g.facts[f]} />
                      </dd>
                    </div>
                  ))}
                </dl>
                <FillForm guide={g} onSaved={guides.reload} />
                <p className="small">
                  <Link to={`/catalogue/${encodeURIComponent(g.measureId)}`}>{t('guide.openMeasure')}</Link>
                </p>
              </>
            ),
          }))}
        />
      </Card>
    </>
  );
}
