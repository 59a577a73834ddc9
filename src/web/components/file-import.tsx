/**
 * Importing a spreadsheet (CSV or .xlsx) through an endpoint that reads the raw file: the upload card
 * (with "import only the valid rows"), the state of one import (the report, or the failure with its
 * row-level issues) and the table that names every problem by its row and column.
 *
 *   const imp = useFileImport<Report>((partial, file) => `/api/…/import?${q}`);
 *   <ImportUpload imp={imp} title={…} partialLabel={…} chooseLabel={…} />
 *   {imp.failure ? <ImportIssues issues={imp.failure.issues} … /> : null}
 */
import { Button, Card, Checkbox, Space, Upload } from 'antd';
import { type ReactNode, useState } from 'react';
import { ApiError, type FieldIssue, sendFile } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import { DataTable } from './data-table.tsx';
import { errorMessage } from './status.tsx';

/** A problem in an imported file: its spreadsheet row (header = 1) when known, and its column. */
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

const ACCEPT = '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface FileImport<T> {
  partial: boolean;
  setPartial(v: boolean): void;
  busy: boolean;
  report: T | null;
  failure: { message: string; issues: RowIssue[] } | null;
  send(file: File): Promise<void>;
}

/**
 * One import at a time: `url` names the endpoint for the file and the "valid rows only" choice;
 * `issuesOf` turns the API's issues into rows of the problem table.
 */
export function useFileImport<T>(
  url: (partial: boolean, file: File) => string,
  issuesOf: (err: ApiError) => RowIssue[],
): FileImport<T> {
  const { t, lang } = useI18n();
  const [partial, setPartial] = useState(false);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<T | null>(null);
  const [failure, setFailure] = useState<FileImport<T>['failure']>(null);

  async function send(file: File) {
    setBusy(true);
    setReport(null);
    setFailure(null);
    try {
      setReport(await sendFile<T>(url(partial, file), file));
    } catch (err) {
      setFailure({
        message: errorMessage(err, t, lang),
        issues: err instanceof ApiError ? issuesOf(err) : [],
      });
    } finally {
      setBusy(false);
    }
  }
  return { partial, setPartial, busy, report, failure, send };
}

/** The upload card: "import only the valid rows", then the file chooser (uploads on choosing). */
export function ImportUpload<T>({
  imp,
  title,
  partialLabel,
  chooseLabel,
}: {
  imp: FileImport<T>;
  title: ReactNode;
  partialLabel: ReactNode;
  chooseLabel: ReactNode;
}) {
  return (
    <Card title={<h2 className="card-h2">{title}</h2>} className="section-card">
      <Space direction="vertical">
        <Checkbox
          checked={imp.partial}
          onChange={(e) => imp.setPartial(e.target.checked)}
          data-testid="allow-partial"
        >
          {partialLabel}
        </Checkbox>
        <Upload
          accept={ACCEPT}
          showUploadList={false}
          beforeUpload={(file) => {
            void imp.send(file);
            return false;
          }}
        >
          <Button type="primary" loading={imp.busy} data-testid="import-upload">
            {chooseLabel}
          </Button>
        </Upload>
      </Space>
    </Card>
  );
}

/** Every problem of an import, by row and column (cards on phones). */
export function ImportIssues({
  issues,
  caption,
  labels,
}: {
  issues: RowIssue[];
  caption: string;
  labels: { row: ReactNode; column: ReactNode; problem: ReactNode };
}) {
  const { lang } = useI18n();
  return (
    <DataTable<RowIssue>
      rows={issues}
      rowKey={(i) => i.key}
      testId="import-issues"
      caption={caption}
      pageSize={50}
      rowProps={(i) => ({ 'data-row': i.row === null ? undefined : String(i.row), 'data-column': i.column })}
      columns={[
        { key: 'row', title: labels.row, card: 'title', render: (i) => i.row ?? '—', nowrap: true },
        { key: 'column', title: labels.column, render: (i) => <span className="mono">{i.column}</span> },
        { key: 'message', title: labels.problem, render: (i) => i[lang] || i.zh },
      ]}
    />
  );
}
