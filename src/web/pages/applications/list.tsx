/**
 * 我的申报: the 免申即享 / 快申快享 notices the screening found for the organisation (confirm or
 * dismiss), and the organisation's applications.
 */
import { Alert, Button, Card, Flex, List, Tag } from 'antd';
import { Link } from 'react-router';
import { useApi } from '../../api.ts';
import { ApplicationTable, type ListedApplication } from '../../components/application/table.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, errorMessage, Loading } from '../../components/status.tsx';
import { formatDate } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import {
  InvitationReasons,
  type Notice,
  NoticeAmount,
  NoticeFigures,
  useNoticeAction,
} from './notice-parts.tsx';

export function ModeTag({ mode }: { mode: string }) {
  const { t } = useI18n();
  return <Tag color={mode === 'automatic' ? 'success' : 'blue'}>{t(`mode.${mode}` as never)}</Tag>;
}

/**
 * 免申即享 notices: confirming a 免申即享 notice makes the application in one step; a 快申快享 notice
 * opens the self-check for the measure's matter.
 */
function Inbox({ onChange }: { onChange: () => void }) {
  const { t, pick, lang } = useI18n('applications');
  const inbox = useApi<{ items: Notice[] }>('/api/inbox');
  const { act, busy, error } = useNoticeAction(() => {
    inbox.reload();
    onChange();
  });
  const items = (inbox.data?.items ?? []).filter((n) => n.status !== 'dismissed');

  // An inbox the server will not show this user is no reason to spoil the page.
  if (inbox.error) return null;
  return (
    <Card
      title={<h2 className="card-h2">{t('inbox.title')}</h2>}
      className="section-card"
      data-testid="inbox"
    >
      <p className="muted">{t('inbox.intro')}</p>
      <List
        dataSource={items}
        locale={{ emptyText: t('inbox.empty') }}
        renderItem={(n) => (
          <List.Item
            data-status={n.status}
            data-mode={n.mode}
            data-testid={`notice-${n.measureId}`}
            actions={[
              <Link key="v" to={`/applications/notices/${n.id}`} data-testid="notice-details">
                {t('inbox.details')}
              </Link>,
              ...(n.status === 'confirmed' && n.applicationId
                ? [
                    <Link key="o" to={`/applications/${n.applicationId}`}>
                      {t('inbox.openApplication')}
                    </Link>,
                  ]
                : [
                    <Button
                      key="c"
                      type="primary"
                      size="small"
                      disabled={busy !== null}
                      onClick={() => void act(n, 'confirm')}
                      data-testid="notice-confirm"
                    >
                      {n.mode === 'automatic' ? t('inbox.confirm') : t('inbox.apply')}
                    </Button>,
                    <Button
                      key="d"
                      size="small"
                      disabled={busy !== null}
                      onClick={() => void act(n, 'dismiss')}
                    >
                      {t('inbox.dismiss')}
                    </Button>,
                  ]),
            ]}
          >
            <List.Item.Meta
              title={
                <Flex gap={6} wrap align="center">
                  <Link to={`/catalogue/${encodeURIComponent(n.measureId)}`} className="mono">
                    {n.measureId}
                  </Link>
                  <span>{pick(n.title)}</span>
                  <ModeTag mode={n.mode} />
                  <Tag color={n.status === 'new' ? 'warning' : 'default'}>
                    {t(`notice.${n.status}` as never)}
                  </Tag>
                </Flex>
              }
              description={
                <div className="notice-body">
                  <div>
                    <NoticeAmount n={n} />
                  </div>
                  <div className="muted small">
                    {t('inbox.clause')}
                    {lang === 'zh' ? '：' : ': '}
                    {pick(n.citation)}
                  </div>
                  <NoticeFigures n={n} />
                  <InvitationReasons n={n} />
                  <div className="muted small">{t('inbox.found', { date: formatDate(n.createdAt) })}</div>
                </div>
              }
            />
          </List.Item>
        )}
      />
      {error ? <Alert type="error" title={errorMessage(error, t, lang)} /> : null}
    </Card>
  );
}

export default function ApplicationsPage() {
  const { t } = useI18n('applications');
  const list = useApi<{ items: ListedApplication[]; total: number }>('/api/applications?limit=200');
  return (
    <>
      <PageHeader title={t('apps.title')} subtitle={t('apps.intro')} />
      <Inbox onChange={list.reload} />
      <Card title={<h2 className="card-h2">{t('apps.mine')}</h2>} className="section-card">
        {list.loading && !list.data ? <Loading /> : null}
        {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
        {list.data && list.data.items.length === 0 ? (
          <p>
            {t('apps.empty')}{' '}
            <Link to="/check" className="text-link">
              {t('apps.goCheck')}
            </Link>
          </p>
        ) : null}
        {list.data && list.data.items.length > 0 ? (
          <ApplicationTable items={list.data.items} link={(a) => `/applications/${a.id}`} />
        ) : null}
      </Card>
    </>
  );
}
