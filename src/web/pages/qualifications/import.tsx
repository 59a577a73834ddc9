/**
 * 台账导入 (officers): download the template (xlsx or CSV), upload a ledger file, and read what
 * happened — every problem named by its row and column; nothing imported when any row is wrong unless
 * "import the valid rows" was chosen; the events written (new, corrected, revoked, downgraded) and the
 * first-time rewards the file raised (a notice to the firm, or an explanation when not payable).
 * POST /api/qualifications/import, GET /api/qualifications/import/template.
 */
import { Alert, Button, Card, Checkbox, Space, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { LedgerImportReport } from '../../../service/qualifications/import-qualifications.ts';
import { ApiError, sendFile } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { MoneyRange } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { errorMessage } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { rowIssues } from '../plan/import.tsx';
import './qualifications.css';

type RowIssue = ReturnType<typeof rowIssues>[number];
type Decision = LedgerImportReport['rewards'][number];
const ACCEPT = '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export default function ImportPage() {
  const { t, lang, pick } = useI18n('qualifications');
  const [partial, setPartial] = useState(false);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<LedgerImportReport | null>(null);
  const [failure, setFailure] = useState<{ message: string; issues: RowIssue[] } | null>(null);

  async function send(file: File) {
    setBusy(true);
    setReport(null);
    setFailure(null);
    try {
      const q = new URLSearchParams({ allowPartial: String(partial), name: file.name.slice(0, 200) });
      setReport(await sendFile<LedgerImportReport>(`/api/qualifications/import?${q}`, file));
    } catch (err) {
      setFailure({
        message: errorMessage(err, t, lang),
        issues: err instanceof ApiError ? rowIssues(err.issues) : [],
      });
    } finally {
      setBusy(false);
    }
  }

  const issueTable = (issues: RowIssue[]) => (
    <DataTable<RowIssue>
      rows={issues}
      rowKey={(i) => i.key}
      testId="import-issues"
      caption={t('qual.importIssues')}
      pageSize={50}
      columns={[
        { key: 'row', title: t('qual.row'), card: 'title', render: (i) => i.row ?? '—', nowrap: true },
        { key: 'column', title: t('qual.column'), render: (i) => <span className="mono">{i.column}</span> },
        { key: 'message', title: t('qual.problem'), render: (i) => i[lang] || i.zh },
      ]}
    />
  );

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
      <Card title={<h2 className="card-h2">{t('qual.upload')}</h2>} className="section-card">
        <Space direction="vertical">
          <Checkbox
            checked={partial}
            onChange={(e) => setPartial(e.target.checked)}
            data-testid="allow-partial"
          >
            {t('qual.allowPartial')}
          </Checkbox>
          <Upload
            accept={ACCEPT}
            showUploadList={false}
            beforeUpload={(file) => {
              void send(file);
              return false;
            }}
          >
            <Button type="primary" loading={busy} data-testid="import-upload">
              {t('qual.chooseFile')}
            </Button>
          </Upload>
        </Space>
      </Card>
      {failure ? (
        <Card className="section-card" data-testid="import-failed">
          <Alert type="error" role="alert" showIcon title={failure.message} />
          {failure.issues.length > 0 ? issueTable(failure.issues) : null}
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
          {report.issues.length > 0 ? issueTable(rowIssues(report.issues)) : null}
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
