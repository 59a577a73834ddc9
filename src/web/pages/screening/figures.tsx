/**
 * 导入基础数据 (admin): upload a CSV or .xlsx of base figures — the per-year figures screening works out
 * 免申即享 amounts from — through POST /api/base-figures/import, and read what happened: every problem
 * named by its row and column; nothing written when any row is wrong unless "only the valid rows" is
 * chosen. Then a screening run's notices carry the amounts.
 */
import { Alert, Card, Typography } from 'antd';
import { Link } from 'react-router';
import type { BaseFigureImportReport } from '../../../service/registry/base-figures.ts';
import {
  ImportIssues,
  ImportUpload,
  type RowIssue,
  rowIssues,
  useFileImport,
} from '../../components/file-import.tsx';
import { PageHeader } from '../../components/page.tsx';
import { useI18n } from '../../i18n/index.ts';

const EXAMPLE = [
  'uscc,figure,year,amount_yuan,source',
  '91310117MA1FL00001,operatingSpend,2025,4800000,年度财务审计报告',
].join('\n');

export default function BaseFiguresImport() {
  const { t } = useI18n('screening');
  const imp = useFileImport<BaseFigureImportReport>(
    (partial, file) =>
      `/api/base-figures/import?${new URLSearchParams({ allowPartial: String(partial), name: file.name.slice(0, 200) })}`,
    (err) => rowIssues(err.issues),
  );
  const issues = (list: RowIssue[]) => (
    <ImportIssues
      issues={list}
      caption={t('figures.issues')}
      labels={{ row: t('figures.row'), column: t('figures.column'), problem: t('figures.problem') }}
    />
  );
  const report = imp.report;

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
      <ImportUpload
        imp={imp}
        title={t('figures.upload')}
        partialLabel={t('figures.allowPartial')}
        chooseLabel={t('figures.choose')}
      />
      {imp.failure ? (
        <Card className="section-card" data-testid="import-failed">
          <Alert
            type="error"
            role="alert"
            showIcon
            title={`${t('figures.failed')}：${imp.failure.message}`}
          />
          {imp.failure.issues.length > 0 ? issues(imp.failure.issues) : null}
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
          {report.issues.length > 0 ? issues(rowIssues(report.issues)) : null}
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
