/**
 * 导入监测数据 (officers): download the template (xlsx or CSV), upload a file of values, and read what
 * happened — every problem named by its row and column in a table; nothing imported when any row is
 * wrong unless "import the valid rows" was chosen; the new status of each target touched.
 * POST /api/plan/observations/import, GET /api/plan/observations/template.
 */
import { Alert, Button, Card, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { ImportReport } from '../../../service/plan/import-observations.ts';
import { DataTable } from '../../components/data-table.tsx';
import {
  ImportIssues,
  ImportUpload,
  type RowIssue,
  rowIssues,
  useFileImport,
} from '../../components/file-import.tsx';
import { PageHeader } from '../../components/page.tsx';
import { useI18n } from '../../i18n/index.ts';
import { StatusTag } from './shared.tsx';
import './plan.css';

export default function PlanImport() {
  const { t } = useI18n('plan');
  const imp = useFileImport<ImportReport>(
    (partial, file) =>
      `/api/plan/observations/import?${new URLSearchParams({ allowPartial: String(partial), name: file.name.slice(0, 200) })}`,
    (err) => rowIssues(err.issues),
  );
  const { report, failure } = imp;

  const issueTable = (issues: RowIssue[]) => (
    <ImportIssues
      issues={issues}
      caption={t('plan.importIssues')}
      labels={{ row: t('plan.row'), column: t('plan.column'), problem: t('plan.problem') }}
    />
  );

  return (
    <>
      <PageHeader
        title={t('plan.importTitle')}
        subtitle={t('plan.importIntro')}
        back={{ to: '/plan', label: t('plan.title') }}
      />
      <Card title={<h2 className="card-h2">{t('plan.template')}</h2>} className="section-card">
        <Typography.Paragraph>{t('plan.templateHelp')}</Typography.Paragraph>
        <Space wrap>
          <Button href="/api/plan/observations/template?format=xlsx" download data-testid="template-xlsx">
            {t('plan.templateXlsx')}
          </Button>
          <Button href="/api/plan/observations/template?format=csv" download data-testid="template-csv">
            {t('plan.templateCsv')}
          </Button>
        </Space>
      </Card>
      <ImportUpload
        imp={imp}
        title={t('plan.upload')}
        partialLabel={t('plan.allowPartial')}
        chooseLabel={t('plan.chooseFile')}
      />
      {failure ? (
        <Card className="section-card" data-testid="import-failed">
          <Alert type="error" role="alert" showIcon title={failure.message} />
          {failure.issues.length > 0 ? issueTable(failure.issues) : null}
        </Card>
      ) : null}
      {report ? (
        <Card
          title={<h2 className="card-h2">{t('plan.importDone')}</h2>}
          className="section-card"
          data-testid="import-report"
        >
          <p role="status">
            {t('plan.importCounts', {
              rows: report.rows,
              created: report.created,
              revised: report.revised,
              unchanged: report.unchanged,
              skipped: report.skipped,
            })}
          </p>
          {report.ignoredColumns.length > 0 ? (
            <Alert
              type="info"
              title={t('plan.ignoredColumns', { columns: report.ignoredColumns.join('、') })}
            />
          ) : null}
          {report.issues.length > 0 ? issueTable(rowIssues(report.issues)) : null}
          {report.progress.length > 0 ? (
            <DataTable<ImportReport['progress'][number]>
              rows={report.progress}
              rowKey={(p) => p.targetId}
              testId="import-progress"
              caption={t('plan.newStatus')}
              columns={[
                {
                  key: 'target',
                  title: t('plan.targetColumn'),
                  card: 'title',
                  render: (p) => <Link to={`/plan/targets/${p.targetId}`}>{p.targetId}</Link>,
                },
                { key: 'status', title: t('plan.newStatus'), render: (p) => <StatusTag card={p} /> },
              ]}
            />
          ) : null}
          {report.alerts.length > 0 ? (
            <Tag color="warning">{t('plan.alertsSent', { n: report.alerts.length })}</Tag>
          ) : null}
        </Card>
      ) : null}
    </>
  );
}
