/**
 * 我的申报 › one 免申即享 / 快申快享 notice: the measure and its clause, the amount (最高可获 and the range
 * the officer decides within, the sum when the text fixes it, or the text's cap), the filed figures it
 * was worked out from (figure, year, amount, source) and the formula, and — for 快申快享 — which figure
 * is missing or which judgement is left. Opening it marks it read; confirm or dismiss from here.
 */
import { Alert, Button, Card, Descriptions, Flex, Tag } from 'antd';
import { useEffect } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, useApi } from '../../api.ts';
import { makeLabeller, useCatalogue } from '../../catalogue-data.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { Money } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, errorMessage, Loading } from '../../components/status.tsx';
import { formatDate } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import { ModeTag } from './list.tsx';
import { InvitationReasons, type Notice, NoticeAmount, useNoticeAction } from './notice-parts.tsx';

type Figure = NonNullable<Notice['basis']>['figures'][number];

export default function NoticePage() {
  const { t, pick, lang } = useI18n('applications');
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const cat = useCatalogue();
  const label = makeLabeller(cat.data?.reference, lang);
  const notice = useApi<Notice>(`/api/inbox/${encodeURIComponent(id)}`);
  const { act, busy, error } = useNoticeAction(() => navigate('/applications'));
  const n = notice.data;

  // Opening a new notice reads it.
  useEffect(() => {
    if (n?.status === 'new') void api('POST', `/api/inbox/${encodeURIComponent(n.id)}/read`).catch(() => {});
  }, [n?.id, n?.status]);

  if (notice.loading && !n) return <Loading />;
  if (notice.error || !n) return <ErrorBox error={notice.error} onRetry={notice.reload} />;
  const b = n.basis;
  const open = n.status !== 'confirmed' && n.status !== 'dismissed';
  return (
    <article data-testid="notice" data-mode={n.mode} data-measure={n.measureId}>
      <PageHeader
        back={{ to: '/applications', label: t('inbox.back') }}
        title={t('inbox.noticeTitle', { title: pick(n.title) })}
        subtitle={
          <Flex gap={8} wrap align="center">
            <ModeTag mode={n.mode} />
            <Tag>{t(`notice.${n.status}` as never)}</Tag>
            <span className="muted">{t('inbox.found', { date: formatDate(n.createdAt) })}</span>
          </Flex>
        }
      />
      <Card className="section-card">
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('inbox.measure')}>
            <Link to={`/catalogue/${encodeURIComponent(n.measureId)}`} className="mono">
              {n.measureId}
            </Link>{' '}
            {pick(n.title)}
          </Descriptions.Item>
          <Descriptions.Item label={t('inbox.amount')}>
            <NoticeAmount n={n} />
          </Descriptions.Item>
          <Descriptions.Item label={t('inbox.clause')}>
            <span data-testid="notice-citation">{pick(n.citation)}</span>
          </Descriptions.Item>
          {b?.formula ? (
            <Descriptions.Item label={t('inbox.formula')}>{pick(b.formula)}</Descriptions.Item>
          ) : null}
          {b?.year ? <Descriptions.Item label={t('inbox.year')}>{b.year}</Descriptions.Item> : null}
        </Descriptions>
      </Card>
      <Card title={<h2 className="card-h2">{t('inbox.basis')}</h2>} className="section-card">
        {b && b.figures.length > 0 ? (
          <DataTable<Figure>
            rows={b.figures}
            rowKey={(f) => `${f.figure}|${f.year}`}
            testId="notice-basis"
            caption={t('inbox.basis')}
            rowProps={(f) => ({ 'data-figure': f.figure })}
            columns={[
              {
                key: 'figure',
                title: t('inbox.colFigure'),
                card: 'title',
                render: (f) => label('figures', f.figure),
              },
              { key: 'year', title: t('inbox.colYear'), render: (f) => f.year },
              {
                key: 'amount',
                title: t('inbox.colAmount'),
                align: 'right',
                render: (f) => <Money fen={f.amount} exact />,
              },
              { key: 'source', title: t('inbox.colSource'), render: (f) => f.source },
            ]}
          />
        ) : (
          <p className="muted">{b ? t('inbox.noFigures') : t('inbox.project')}</p>
        )}
      </Card>
      <Card
        title={
          <h2 className="card-h2">
            {n.mode === 'automatic' ? t('mode.automatic') : t('inbox.whyInvitation')}
          </h2>
        }
        className="section-card"
      >
        {n.mode === 'automatic' ? <p>{t('inbox.automaticWhy')}</p> : <InvitationReasons n={n} />}
        {open ? (
          <Flex gap={8} className="actions">
            <Button
              type="primary"
              disabled={busy !== null}
              onClick={() => void act(n, 'confirm')}
              data-testid="notice-confirm"
            >
              {n.mode === 'automatic' ? t('inbox.confirm') : t('inbox.apply')}
            </Button>
            <Button disabled={busy !== null} onClick={() => void act(n, 'dismiss')}>
              {t('inbox.dismiss')}
            </Button>
          </Flex>
        ) : null}
        {n.status === 'confirmed' && n.applicationId ? (
          <Link to={`/applications/${n.applicationId}`}>{t('inbox.openApplication')}</Link>
        ) : null}
        {error ? <Alert type="error" title={errorMessage(error, t, lang)} /> : null}
      </Card>
    </article>
  );
}
