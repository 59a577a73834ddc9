/**
 * 导入监测数据 (officers): download the template (xlsx or CSV), upload a file of values, and read what
 * happened — every problem named by its row and column in a table; nothing imported when any row is
 * wrong unless "import the valid rows" was chosen; the new status of each target touched.
 * POST /api/plan/observations/import, GET /api/plan/observations/template.
 */
import { Alert, Button, Card, Checkbox, Space, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { ImportReport } from '../../../service/plan/import-observations.ts';
import { ApiError, type FieldIssue, sendFile } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { PageHeader } from '../../components/page.tsx';
import { errorMessage } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { StatusTag } from './shared.tsx';
import './plan.css';

interface RowIssue {
  key: string;
  row: number | null;
  column: string;
  zh: string;
  en: string;
}

/** An import issue names its row and column (`row.12.value`); a file-level one its header. */
export function rowIssues(issues: (FieldIssue & { row?: number; column?: string })[]): RowIssue[] {
  return issues.map((i, n) => {
    const m = /^row\.(\d+)\.(.+)$/.exec(i.path);
    const header = /^header\.(.+)$/.exec(i.path);
    return {
      key: `${n}`,
      row: i.row ?? (m ? Number(m[1]) : null),
      column: i.column ?? m?.[2] ?? header?.[1] ?? i.path,
      zh: i.zh,
      en: i.en,
    };
  });
}

const ACCEPT = '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export default function PlanImport() {
  const { t, lang } = useI18n('plan');
  const [partial, setPartial] = useState(false);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [failure, setFailure] = useState<{ message: string; issues: RowIssue[] } | null>(null);

  async function send(file: File) {
    setBusy(true);
    setReport(null);
    setFailure(null);
    try {
      const q = new URLSearchParams({ allowPartial: String(partial), name: file.name.slice(0, 200) });
      setReport(await sendFile<ImportReport>(`/api/plan/observations/import?${q}`, file));
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
      caption={t('plan.importIssues')}
      pageSize={50}
      columns={[
        { key: 'row', title: t('plan.row'), card: 'title', render: (i) => i.row ?? '—', nowrap: true },
        { key: 'column', title: t('plan.column'), render: (i) => <span className="mono">{i.column}</span> },
        { key: 'message', title: t('plan.problem'), render: (i) => i[lang] || i.zh },
      ]}
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
      <Card title={<h2 className="card-h2">{t('plan.upload')}</h2>} className="section-card">
        <Space direction="vertical">
          <Checkbox
            checked={partial}
            onChange={(e) => setPartial(e.target.checked)}
            data-testid="allow-partial"
          >
            {t('plan.allowPartial')}
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
              {t('plan.chooseFile')}
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
