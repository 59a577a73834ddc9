/**
 * 导入基础数据 (admin): upload a CSV or .xlsx of base figures — the per-year figures screening works out
 * 免申即享 amounts from — through POST /api/base-figures/import, and read what happened: every problem
 * named by its row and column; nothing written when any row is wrong unless "only the valid rows" is
 * chosen. Then a screening run's notices carry the amounts.
 */
import { Alert, Button, Card, Checkbox, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError, type FieldIssue, sendFile } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { PageHeader } from '../../components/page.tsx';
import { errorMessage } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';

/** A row-level problem as the import names it: spreadsheet row (header = 1) and column. */
type RowIssue = FieldIssue & { row?: number; column?: string };

interface ImportReport {
  format: 'csv' | 'xlsx';
  rows: number;
  valid: number;
  written: number;
  skipped: number;
  committed: boolean;
  ignoredColumns: string[];
  issues: RowIssue[];
}

const ACCEPT = '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const EXAMPLE = [
  'uscc,figure,year,amount_yuan,source',
  '91310117MA1FL00001,operatingSpend,2025,4800000,年度财务审计报告',
].join('\n');

export default function BaseFiguresImport() {
  const { t, lang } = useI18n('screening');
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
      setReport(await sendFile<ImportReport>(`/api/base-figures/import?${q}`, file));
    } catch (err) {
      setFailure({
        message: errorMessage(err, t, lang),
        issues: err instanceof ApiError ? (err.issues as RowIssue[]) : [],
      });
    } finally {
      setBusy(false);
    }
  }

  const issueTable = (issues: RowIssue[]) => (
    <DataTable<RowIssue & { key: string }>
      rows={issues.map((i, n) => ({ ...i, key: String(n) }))}
      rowKey={(i) => i.key}
      testId="import-issues"
      caption={t('figures.issues')}
      pageSize={50}
      rowProps={(i) => ({
        'data-row': i.row === undefined ? undefined : String(i.row),
        'data-column': i.column,
      })}
      columns={[
        { key: 'row', title: t('figures.row'), card: 'title', render: (i) => i.row ?? '—', nowrap: true },
        {
          key: 'column',
          title: t('figures.column'),
          render: (i) => <span className="mono">{i.column ?? i.path}</span>,
        },
        { key: 'message', title: t('figures.problem'), render: (i) => i[lang] || i.zh },
      ]}
    />
  );

  return (
    <>
      <PageHeader
        title={t('figures.title')}
        subtitle={t('figures.intro')}
        back={{ to: '/screening', label: t('screen.back') }}
      />
      <Card title={<h2 className="card-h2">{t('figures.format')}</h2>} className="section-card">
        <Typography.Paragraph>{t('figures.formatHelp')}</Typography.Paragraph>
        <Typography.Paragraph>
          {t('figures.example')}
          <pre className="mono small">{EXAMPLE}</pre>
        </Typography.Paragraph>
      </Card>
      <Card title={<h2 className="card-h2">{t('figures.upload')}</h2>} className="section-card">
        <Space direction="vertical">
          <Checkbox
            checked={partial}
            onChange={(e) => setPartial(e.target.checked)}
            data-testid="allow-partial"
          >
            {t('figures.allowPartial')}
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
              {t('figures.choose')}
            </Button>
          </Upload>
        </Space>
      </Card>
      {failure ? (
        <Card className="section-card" data-testid="import-failed">
          <Alert type="error" role="alert" showIcon title={`${t('figures.failed')}：${failure.message}`} />
          {failure.issues.length > 0 ? issueTable(failure.issues) : null}
        </Card>
      ) : null}
      {report ? (
        <Card
          title={<h2 className="card-h2">{t('figures.done')}</h2>}
          className="section-card"
          data-testid="import-report"
        >
          <p role="status">
            {t('figures.counts', { rows: report.rows, written: report.written, skipped: report.skipped })}
          </p>
          {report.ignoredColumns.length > 0 ? (
            <Alert type="info" title={t('figures.ignored', { columns: report.ignoredColumns.join('、') })} />
          ) : null}
          {report.issues.length > 0 ? issueTable(report.issues) : null}
          <p>
            <Link to="/screening" className="text-link">
              {t('figures.next')}
            </Link>
          </p>
        </Card>
      ) : null}
    </>
  );
}
