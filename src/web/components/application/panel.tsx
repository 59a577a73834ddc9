/**
 * One application as both sides see it: the amounts, the engine's evaluation, the matter, the
 * materials checklist with the attachments, the actions the server says the caller may take, the
 * payment stages, objections and the timeline. Used by 我的申报 and 审核工作台.
 */
import { Alert, Button, Card, Col, Descriptions, Flex, Row } from 'antd';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import type { ApplicationDetail } from '../../../service/applications/views.ts';
import type { OrganisationRecord } from '../../../storage/repositories/organisations.ts';
import { useApi } from '../../api.ts';
import { makeLabeller, useCatalogue } from '../../catalogue-data.tsx';
import { formatDate } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import { useSession } from '../../session.tsx';
import { Attachments } from '../attachments.tsx';
import { useGuide } from '../guide.tsx';
import { Ceiling, Money } from '../money.tsx';
import { PageHeader } from '../page.tsx';
import { ErrorBox, Loading } from '../status.tsx';
import { ACTION_PATH, ActionForm, DANGER } from './actions.tsx';
import { EditForm } from './edit-form.tsx';
import { EntitlementView } from './entitlement.tsx';
import { actionLabel, StateTag } from './labels.tsx';
import { MatterView } from './matter.tsx';
import { Objections } from './objections.tsx';
import { OverlapChecks } from './overlaps.tsx';
import { Stages } from './stages.tsx';
import { StepsTimeline } from './timeline.tsx';

/** The applicant as the registry holds it (一企一档): the profile the engine evaluates. */
function ApplicantCard({ organisationId }: { organisationId: string }) {
  const { t, lang } = useI18n('applications');
  const cat = useCatalogue();
  const label = makeLabeller(cat.data?.reference, lang);
  const { data } = useApi<OrganisationRecord>(`/api/organisations/${encodeURIComponent(organisationId)}`);
  if (!data) return null;
  const sep = lang === 'zh' ? '、' : ', ';
  return (
    <Card
      title={<h2 className="card-h2">{t('review.organisation')}</h2>}
      className="section-card"
      data-testid="applicant"
    >
      <Descriptions column={{ xs: 1, md: 2 }} size="small">
        <Descriptions.Item label={t('apps.orgName')}>{data.name}</Descriptions.Item>
        <Descriptions.Item label={t('apps.uscc')}>
          <span className="mono">{data.uscc}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('apps.kind')}>
          {label('orgKinds', data.kind)} · {label('cities', data.city)}
        </Descriptions.Item>
        {data.centreOriginCity ? (
          <Descriptions.Item label={t('apps.centreOrigin')}>
            {label('cities', data.centreOriginCity)}
          </Descriptions.Item>
        ) : null}
        {data.qualifications.length > 0 ? (
          <Descriptions.Item label={t('apps.qualifications')}>
            {data.qualifications
              .map((q) => `${label('qualifications', q.code)} ${q.from} ~ ${q.to ?? '—'}`)
              .join(sep)}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
    </Card>
  );
}

export function ApplicationPanel({
  id,
  back,
  extra,
}: {
  id: string;
  back: { to: string; label: string };
  extra?: ReactNode;
}) {
  const { t, lang, pick } = useI18n('applications');
  const cat = useCatalogue();
  const { user } = useSession();
  const {
    data: app,
    error,
    loading,
    reload,
  } = useApi<ApplicationDetail>(`/api/applications/${encodeURIComponent(id)}`);
  const guide = useGuide(app?.measureId ?? null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  if (loading && !app) return <Loading />;
  if (error || !app) return <ErrorBox error={error} onRetry={reload} />;
  const measure = cat.data?.measures.find((m) => m.id === app.measureId);
  const done = (msg: string) => {
    setMessage(msg);
    setChosen(null);
    reload();
  };
  const formActions = app.actions.filter((a) => a !== 'pay_stage' && ACTION_PATH[a]);
  const own = user?.role === 'enterprise';
  // The applicant corrects its own draft or returned application (补正) before submitting it.
  const editable = own && (app.state === 'draft' || app.state === 'returned');

  return (
    <article data-testid="application" data-state={app.state} data-version={app.version}>
      <PageHeader
        back={back}
        title={app.title}
        subtitle={
          <Flex gap={8} align="center" wrap>
            <Link to={`/catalogue/${encodeURIComponent(app.measureId)}`} className="mono">
              {app.measureId}
            </Link>
            <span>{measure ? pick(measure.title) : ''}</span>
            <StateTag state={app.state} lang={lang} />
            <span className="muted small">{t('apps.version', { v: app.version })}</span>
          </Flex>
        }
      />
      {extra}
      {message ? (
        <Alert type="success" role="status" data-testid="action-message" title={message} showIcon />
      ) : null}
      {!own ? <ApplicantCard organisationId={app.organisationId} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={<h2 className="card-h2">{t('apps.amounts')}</h2>} className="section-card">
            <Descriptions column={1} size="small" data-testid="amounts">
              <Descriptions.Item label={t('apps.requested')}>
                <span data-testid="requested-amount">
                  <Money fen={app.requestedAmount} exact />
                </span>
              </Descriptions.Item>
              {app.range ? (
                <Descriptions.Item label={t('apps.range')}>
                  <span data-testid="range">
                    <Ceiling range={app.range} exact={app.range.exact} />
                    {app.range.formula ? (
                      <span className="mono small formula"> {pick(app.range.formula)}</span>
                    ) : null}
                  </span>
                </Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('apps.recommended')}>
                <Money fen={app.recommendedAmount} exact />
              </Descriptions.Item>
              {app.recommendedReason ? (
                <Descriptions.Item label={t('apps.recommendedReason')}>
                  <span data-testid="recommended-reason">{app.recommendedReason}</span>
                </Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('apps.approved')}>
                <span data-testid="approved-amount">
                  <Money fen={app.approvedAmount} exact />
                </span>
              </Descriptions.Item>
              {app.approvedReason ? (
                <Descriptions.Item label={t('apps.approvedReason')}>
                  <span data-testid="approved-reason">{app.approvedReason}</span>
                </Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('apps.stagePlan')}>
                <span data-testid="stage-plan">
                  {app.stagePlan.staged
                    ? t('apps.stagePlanStaged', { n: app.stagePlan.weights.join(':') })
                    : t('apps.stagePlanOnce')}
                  {app.stagePlan.amounts.length > 1 ? (
                    <span className="small">
                      {' '}
                      （
                      {app.stagePlan.amounts.map((fen, i) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: the stages are their positions
                        <span key={i}>
                          {i > 0 ? ' + ' : ''}
                          <Money fen={fen} />
                        </span>
                      ))}
                      ）
                    </span>
                  ) : null}
                  <div className="small muted">{pick(app.stagePlan.basis)}</div>
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('apps.submittedOn')}>
                {formatDate(app.submittedOn)}
              </Descriptions.Item>
              {app.notice ? (
                <Descriptions.Item label={t('apps.notice')}>
                  {app.notice.startsOn} ~ {app.notice.endsOn}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
            <h3 className="card-h3">{t('apps.matter')}</h3>
            <MatterView matter={app.matter} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={<h2 className="card-h2">{t('apps.entitlement')}</h2>} className="section-card">
            <EntitlementView entitlement={app.entitlement} />
          </Card>
        </Col>
      </Row>

      <OverlapChecks app={app} officer={!own} />

      <Card title={<h2 className="card-h2">{t('apps.materials')}</h2>} className="section-card">
        <Attachments
          subjectType="application"
          subjectId={app.id}
          canUpload={editable}
          materials={guide.data?.materials}
        />
      </Card>

      {formActions.length > 0 || editable ? (
        <Card
          title={
            <h2 className="card-h2" id="actions-h">
              {t('apps.actions')}
            </h2>
          }
          className="section-card no-print"
        >
          <Flex gap={8} wrap>
            {editable ? (
              <Button
                type={chosen === 'edit' ? 'primary' : 'default'}
                aria-pressed={chosen === 'edit'}
                onClick={() => setChosen(chosen === 'edit' ? null : 'edit')}
                data-testid="action-edit"
              >
                {t('apps.edit')}
              </Button>
            ) : null}
            {formActions.map((a) => (
              <Button
                key={a}
                type={chosen === a ? 'primary' : 'default'}
                danger={DANGER.has(a)}
                aria-pressed={chosen === a}
                onClick={() => setChosen(chosen === a ? null : a)}
                data-testid={`action-${a}`}
              >
                {actionLabel(a, lang)}
              </Button>
            ))}
          </Flex>
          {chosen === 'edit' ? <EditForm key={app.version} app={app} onDone={done} /> : null}
          {chosen && chosen !== 'edit' ? (
            <ActionForm key={`${chosen}-${app.version}`} app={app} action={chosen} onDone={done} />
          ) : null}
        </Card>
      ) : null}

      <Stages app={app} onDone={done} />
      <Objections key={app.version} app={app} />

      <Card title={<h2 className="card-h2">{t('apps.timeline')}</h2>} className="section-card">
        <StepsTimeline app={app} />
      </Card>
    </article>
  );
}
