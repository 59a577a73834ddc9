/**
 * One public notice (public, no sign-in): the applicant, project, measure and its clause, the amount
 * and the window; and, while the window is open, the objection form anyone may use. The contact asked
 * for is kept for the officer's reply and never published.
 */
import { Alert, Card, Descriptions, Input, Result } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { z } from 'zod';
import { publicObjectionBody } from '../../../api/schemas.ts';
import { ApiError, api, useApi } from '../../api.ts';
import { useCatalogue } from '../../catalogue-data.tsx';
import { applyIssues, FormField, SubmitButton, useZodForm, ZodForm } from '../../components/form.tsx';
import { Money } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { NoticeStatus, type PublicNotice } from './notices.tsx';

function ObjectionForm({ notice }: { notice: PublicNotice }) {
  const { t, lang } = useI18n('public');
  const form = useZodForm(publicObjectionBody, { name: '', contact: '', text: '' });
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ id: string; receivedOn: string } | null>(null);

  async function send(v: z.output<typeof publicObjectionBody>) {
    setError(null);
    try {
      setDone(
        await api<{ id: string; receivedOn: string }>(
          'POST',
          `/api/public/notices/${notice.id}/objections`,
          v,
        ),
      );
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) applyIssues(form, err.issues, lang);
      else setError(err);
    }
  }

  if (done)
    return (
      <Result
        status="success"
        data-testid="objection-received"
        title={t('object.received')}
        subTitle={t('object.receivedDetail', {
          date: done.receivedOn,
          ref: done.id.slice(0, 8).toUpperCase(),
        })}
      />
    );
  return (
    <ZodForm form={form} onValid={send} testId="objection-form">
      <p>{t('object.intro', { end: notice.endsOn })}</p>
      <FormField form={form} name="name" label={t('object.name')} extra={t('object.nameHint')}>
        {(f) => <Input {...f} value={f.value ?? ''} maxLength={100} autoComplete="name" />}
      </FormField>
      <FormField
        form={form}
        name="contact"
        label={t('object.contact')}
        extra={t('object.contactHint')}
        required
      >
        {(f) => <Input {...f} maxLength={200} autoComplete="tel" />}
      </FormField>
      <FormField form={form} name="text" label={t('object.text')} extra={t('object.textHint')} required>
        {(f) => <Input.TextArea {...f} rows={5} maxLength={4000} showCount />}
      </FormField>
      {error ? <ErrorBox error={error} /> : null}
      <SubmitButton form={form} testId="object-submit">
        {t('object.submit')}
      </SubmitButton>
    </ZodForm>
  );
}

export default function NoticePage() {
  const { t, pick } = useI18n('public');
  const { id = '' } = useParams();
  const cat = useCatalogue();
  const notice = useApi<PublicNotice>(`/api/public/notices/${encodeURIComponent(id)}`);
  if (notice.loading && !notice.data) return <Loading />;
  if (notice.error || !notice.data)
    return (
      <>
        <PageHeader title={t('notices.title')} back={{ to: '/notices', label: t('notices.back') }} />
        <ErrorBox error={notice.error} onRetry={notice.reload} />
      </>
    );
  const n = notice.data;
  const m = cat.data?.measures.find((x) => x.id === n.measureId);
  return (
    <article data-testid="notice" data-status={n.status}>
      <PageHeader
        back={{ to: '/notices', label: t('notices.back') }}
        title={n.title}
        tabTitle={`${t('notices.title')} · ${n.title}`}
        subtitle={<NoticeStatus status={n.status} />}
      />
      <Card className="section-card">
        <Descriptions column={1} size="small" bordered data-testid="notice-facts">
          <Descriptions.Item label={t('notice.applicant')}>{n.organisationName}</Descriptions.Item>
          <Descriptions.Item label={t('notice.project')}>{n.title}</Descriptions.Item>
          <Descriptions.Item label={t('notice.measure')}>
            <Link to={`/catalogue/${encodeURIComponent(n.measureId)}`} className="mono">
              {n.measureId}
            </Link>{' '}
            {pick(m?.title)}
          </Descriptions.Item>
          <Descriptions.Item label={t('notice.amount')}>
            <Money fen={n.amount} exact strong />
          </Descriptions.Item>
          <Descriptions.Item label={t('notice.window')}>
            {n.startsOn} ~ {n.endsOn}
          </Descriptions.Item>
        </Descriptions>
        {m?.quote ? (
          <blockquote className="clause" lang="zh-CN">
            {m.quote}
          </blockquote>
        ) : null}
      </Card>
      <Card title={<h2 className="card-h2">{t('object.title')}</h2>} className="section-card">
        {n.status === 'open' ? (
          <ObjectionForm notice={n} />
        ) : (
          <Alert type="info" title={t('object.closed', { end: n.endsOn })} />
        )}
      </Card>
    </article>
  );
}
