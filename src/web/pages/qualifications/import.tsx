/**
 * 台账导入 (officers): download the template (xlsx or CSV), upload a ledger file, and read what
 * happened — every problem named by its row and column; nothing imported when any row is wrong unless
 * "import the valid rows" was chosen; the events written (new, corrected, revoked, downgraded) and the
 * first-time rewards the file raised (a notice to the firm, or an explanation when not payable).
 * POST /api/qualifications/import, GET /api/qualifications/import/template.
 */
import { Alert, Button, Card, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { LedgerImportReport } from '../../../service/qualifications/import-qualifications.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ImportIssues, ImportUpload, rowIssues, useFileImport } from '../../components/file-import.tsx';
import { MoneyRange } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { useI18n } from '../../i18n/index.ts';
import './qualifications.css';

type Decision = LedgerImportReport['rewards'][number];

export default function ImportPage() {
  const { t, pick } = useI18n('qualifications');
  const imp = useFileImport<LedgerImportReport>(
    (partial, file) =>
      `/api/qualifications/import?${new URLSearchParams({ allowPartial: String(partial), name: file.name.slice(0, 200) })}`,
    (err) => rowIssues(err.issues),
  );
  const issueLabels = { row: t('qual.row'), column: t('qual.column'), problem: t('qual.problem') };
  const report = imp.report;
  return (
    <>
      <PageHeader title={t('qual.importTitle')} subtitle={t('qual.importIntro')} />
      <Card title={<h2 className="card-h2">{t('qual.template')}</h2>} className="section-card">
        <Typography.Paragraph>{t('qual.templateHelp')}</Typography.Paragraph>
        <Space wrap>
          <Button href="/api/qualifications/import/template?format=xlsx" download data-testid="template-xlsx">
            {t('qual.templateXlsx')}
          </Button>
          <Button href="/api/qualifications/import/template?format=csv" download data-testid="template-csv">
            {t('qual.templateCsv')}
          </Button>
        </Space>
      </Card>
      <ImportUpload
        imp={imp}
        title={t('qual.upload')}
        partialLabel={t('qual.allowPartial')}
        chooseLabel={t('qual.chooseFile')}
      />
      {imp.failure ? (
        <Card className="section-card" data-testid="import-failed">
          <Alert type="error" role="alert" showIcon title={imp.failure.message} />
          {imp.failure.issues.length > 0 ? (
            <ImportIssues issues={imp.failure.issues} caption={t('qual.importIssues')} labels={issueLabels} />
          ) : null}
        </Card>
      ) : null}
      {report ? (
        <Card
          title={<h2 className="card-h2">{t('qual.importDone')}</h2>}
          className="section-card"
          data-testid="import-report"
        >
          <p role="status">
            {t('qual.importCounts', {
              rows: report.rows,
              valid: report.valid,
              skipped: report.skipped,
              created: report.created,
              corrected: report.corrected,
              unchanged: report.unchanged,
              revoked: report.revoked,
              downgraded: report.downgraded,
            })}
          </p>
          {!report.committed ? <Alert type="warning" title={t('qual.notCommitted')} /> : null}
          {report.ignoredColumns.length > 0 ? (
            <Alert
              type="info"
              title={t('qual.ignoredColumns', { columns: report.ignoredColumns.join('、') })}
            />
          ) : null}
          {report.issues.length > 0 ? (
            <ImportIssues
              issues={rowIssues(report.issues)}
              caption={t('qual.importIssues')}
              labels={issueLabels}
            />
          ) : null}
          {report.rewards.length > 0 ? (
            <>
              <h3 className="qual-h3">{t('qual.importRewards')}</h3>
              <DataTable<Decision>
                rows={report.rewards}
                rowKey={(r) => `${r.organisationId}:${r.measureId}`}
                testId="import-rewards"
                caption={t('qual.importRewards')}
                columns={[
                  { key: 'measure', title: t('qual.measure'), card: 'title', render: (r) => r.measureId },
                  {
                    key: 'firm',
                    title: t('qual.firm'),
                    render: (r) => (
                      <Link to={`/qualifications/organisations/${r.organisationId}`}>
                        {t('qual.firmFile')}
                      </Link>
                    ),
                  },
                  { key: 'reached', title: t('qual.reachedOn'), render: (r) => r.reachedOn },
                  {
                    key: 'amount',
                    title: t('qual.amount'),
                    align: 'right',
                    render: (r) => <MoneyRange range={r.amount} />,
                  },
                  {
                    key: 'status',
                    title: t('qual.state'),
                    render: (r) => (
                      <span>
                        <Tag color={r.status === 'new' ? 'success' : 'default'}>
                          {r.status === 'new' ? t('qual.noticeSent') : t('qual.explainedOnly')}
                        </Tag>
                        {r.status === 'explained' ? (
                          <span className="small">{r.reasons.map((x) => pick(x)).join('；')}</span>
                        ) : null}
                      </span>
                    ),
                  },
                ]}
              />
            </>
          ) : null}
        </Card>
      ) : null}
    </>
  );
}
