/**
 * 导入监测数据 (officers): download the template (xlsx or CSV), upload a file of values, and read what
 * happened — every problem named by its row and column in a table; nothing imported when any row is
 * wrong unless "import the valid rows" was chosen; the new status of each target touched.
 * POST /api/plan/observations/import, GET /api/plan/observations/template.
 */
import { Alert, Card, Tag } from 'antd';
import { Link } from 'react-router';
import type { ImportReport } from '../../../service/plan/import-observations.ts';
import { DataTable } from '../../components/data-table.tsx';
import { PageHeader } from '../../components/page.tsx';
import { IssueTable, rowIssues, SheetImport } from '../../components/sheet-import.tsx';
import { useI18n } from '../../i18n/index.ts';
import { StatusTag } from './shared.tsx';
import './plan.css';

export default function PlanImport() {
  const { t } = useI18n('plan');
  const labels = {
    template: t('plan.template'),
    templateHelp: t('plan.templateHelp'),
    templateXlsx: t('plan.templateXlsx'),
    templateCsv: t('plan.templateCsv'),
    upload: t('plan.upload'),
    allowPartial: t('plan.allowPartial'),
    chooseFile: t('plan.chooseFile'),
    issues: t('plan.importIssues'),
    row: t('plan.row'),
    column: t('plan.column'),
    problem: t('plan.problem'),
  };
  return (
    <>
      <PageHeader
        title={t('plan.importTitle')}
        subtitle={t('plan.importIntro')}
        back={{ to: '/plan', label: t('plan.title') }}
      />
      <SheetImport<ImportReport>
        importPath="/api/plan/observations/import"
        templatePath="/api/plan/observations/template"
        labels={labels}
      >
        {(report) => (
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
            {report.issues.length > 0 ? (
              <IssueTable issues={rowIssues(report.issues)} labels={labels} />
            ) : null}
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
        )}
      </SheetImport>
    </>
  );
}
