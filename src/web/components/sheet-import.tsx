/**
 * A spreadsheet import, one way on every page that has one (plan values, the qualification ledger):
 * the template to download (.xlsx, CSV), the upload with "import the valid rows only", and when the
 * server refuses the file, every problem named by its row and column in a table (nothing imported).
 * The page shows its own report of a file that went in (`children(report)`), with `IssueTable` for the
 * rows a partial import skipped. The route reads the raw file as the body (`sendFile`).
 */
import { Alert, Button, Card, Checkbox, Space, Typography, Upload } from 'antd';
import { type ReactNode, useState } from 'react';
import { ApiError, type FieldIssue, sendFile } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import { DataTable } from './data-table.tsx';
import { errorMessage } from './status.tsx';

export interface RowIssue {
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

/** The words of an import page, from its own namespace. */
export interface SheetImportLabels {
  template: string;
  templateHelp: string;
  templateXlsx: string;
  templateCsv: string;
  upload: string;
  allowPartial: string;
  chooseFile: string;
  issues: string;
  row: string;
  column: string;
  problem: string;
}

export function IssueTable({ issues, labels }: { issues: RowIssue[]; labels: SheetImportLabels }) {
  const { lang } = useI18n();
  return (
    <DataTable<RowIssue>
      rows={issues}
      rowKey={(i) => i.key}
      testId="import-issues"
      caption={labels.issues}
      pageSize={50}
      columns={[
        { key: 'row', title: labels.row, card: 'title', render: (i) => i.row ?? '—', nowrap: true },
        { key: 'column', title: labels.column, render: (i) => <span className="mono">{i.column}</span> },
        { key: 'message', title: labels.problem, render: (i) => i[lang] || i.zh },
      ]}
    />
  );
}

const ACCEPT = '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function SheetImport<R>({
  importPath,
  templatePath,
  labels,
  children,
}: {
  /** POST endpoint taking the file as the body (`?allowPartial&name` are added). */
  importPath: string;
  /** GET endpoint of the template (`?format=xlsx|csv` is added). */
  templatePath: string;
  labels: SheetImportLabels;
  children: (report: R) => ReactNode;
}) {
  const { t, lang } = useI18n();
  const [partial, setPartial] = useState(false);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<R | null>(null);
  const [failure, setFailure] = useState<{ message: string; issues: RowIssue[] } | null>(null);

  async function send(file: File) {
    setBusy(true);
    setReport(null);
    setFailure(null);
    try {
      const q = new URLSearchParams({ allowPartial: String(partial), name: file.name.slice(0, 200) });
      setReport(await sendFile<R>(`${importPath}?${q}`, file));
    } catch (err) {
      setFailure({
        message: errorMessage(err, t, lang),
        issues: err instanceof ApiError ? rowIssues(err.issues) : [],
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Card title={<h2 className="card-h2">{labels.template}</h2>} className="section-card">
        <Typography.Paragraph>{labels.templateHelp}</Typography.Paragraph>
        <Space wrap>
          <Button href={`${templatePath}?format=xlsx`} download data-testid="template-xlsx">
            {labels.templateXlsx}
          </Button>
          <Button href={`${templatePath}?format=csv`} download data-testid="template-csv">
            {labels.templateCsv}
          </Button>
        </Space>
      </Card>
      <Card title={<h2 className="card-h2">{labels.upload}</h2>} className="section-card">
        <Space direction="vertical">
          <Checkbox
            checked={partial}
            onChange={(e) => setPartial(e.target.checked)}
            data-testid="allow-partial"
          >
            {labels.allowPartial}
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
              {labels.chooseFile}
            </Button>
          </Upload>
        </Space>
      </Card>
      {failure ? (
        <Card className="section-card" data-testid="import-failed">
          <Alert type="error" role="alert" showIcon title={failure.message} />
          {failure.issues.length > 0 ? <IssueTable issues={failure.issues} labels={labels} /> : null}
        </Card>
      ) : null}
      {report ? children(report) : null}
    </>
  );
}
