/**
 * The whole monitoring report as one .xlsx workbook, for officers and auditors: every target's
 * status with its reason and forecast, the observations behind them with their provenance, the
 * required paths, the 十四五 figures, 004's context figures, the money committed and paid under the
 * linked measures, and the method. Demo values are marked in every row that carries one. Audited as
 * `plan.export`.
 */
import type ExcelJS from 'exceljs';
import { formatWan } from '../../core/money.ts';
import { STATUS_LABELS } from '../../core/plan/status.ts';
import { safeCells } from '../../core/spreadsheet.ts';
import type { Actor } from '../applications/ports.ts';
import { loadExcel } from '../excel.ts';
import { authorise, READERS } from './observations.ts';
import type { PlanDeps } from './ports.ts';
import type { PlanReader } from './read-plan.ts';
import { KIND_LABELS, METHOD } from './views.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const COMPARISON_ZH = { at_least: '≥', more_than: '>', at_most: '≤', less_than: '<', about: '≈' } as const;

function sheet(
  workbook: ExcelJS.Workbook,
  name: string,
  header: string[],
  rows: (string | number | null)[][],
) {
  const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(header).font = { bold: true };
  // Officer-typed text (sources, comments) could start with = + - @: exported as text, never a formula.
  for (const r of rows) ws.addRow(safeCells(r.map((v) => (v === null ? '' : v))));
  ws.columns.forEach((c, i) => {
    const width = Math.max(
      header[i]?.length ?? 8,
      ...rows.slice(0, 200).map((r) => String(r[i] ?? '').length),
    );
    c.width = Math.min(60, Math.max(8, width * 1.6));
  });
}

export async function exportReport(
  deps: PlanDeps,
  reader: PlanReader,
  actor: Actor,
  date: string,
): Promise<{ filename: string; data: Buffer }> {
  authorise(actor, READERS, { zh: '导出规划监测报告', en: 'export the monitoring report' });
  const report = await reader.report(actor, date);
  const { asOf, funding } = report;
  const board = { document: report.document, cards: report.targets };
  const details = report.targets;
  const figures = { indicators: report.indicators, context: report.context };

  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = 'Ceyuan 策源';
  workbook.created = deps.clock.now();

  sheet(
    workbook,
    '目标进度',
    [
      '编号',
      '章节',
      '目标',
      '原文',
      '类型',
      '目标值',
      '单位',
      '基线',
      '最新期间',
      '最新值',
      '按路径应达',
      'R（实际/应有进展）',
      '状态',
      '说明',
      `${board.document.targetYear} 年预测`,
      '预测能否达成',
      '逾期未报',
      '责任部门',
      '数据来源',
      '已承诺资金',
      '已拨付资金',
      '含演示数据',
    ],
    board.cards.map((c) => [
      c.id,
      c.section,
      c.title.zh,
      c.quote,
      c.kindLabel.zh,
      c.target ? `${COMPARISON_ZH[c.target.comparison]} ${c.target.value}` : '—',
      c.unit?.zh ?? '',
      c.baseline.status === 'given' ? `${c.baseline.value}（${c.baseline.period}）` : c.baseline.label.zh,
      c.latest?.period ?? '',
      c.latest?.value ?? null,
      c.required,
      c.ratio,
      c.statusLabel.zh,
      c.reason.zh,
      c.forecast?.value ?? null,
      c.forecast ? (c.forecast.meetsTarget === null ? '—' : c.forecast.meetsTarget ? '能' : '不能') : '',
      c.overdue.map((o) => o.period).join('、'),
      c.department,
      c.derived ? `平台派生：${c.derived.label.zh}` : (c.latest?.source ?? ''),
      formatWan(c.funding.committed),
      formatWan(c.funding.paid),
      c.demo ? '是（演示数据）' : '否',
    ]),
  );

  sheet(
    workbook,
    '观测值',
    [
      '编号',
      '目标',
      '期间',
      '数值',
      '评估',
      '来源',
      '备注（内部）',
      '渠道',
      '版本',
      '修订原因',
      '导入文件',
      '录入人',
      '录入时间',
      '演示数据',
    ],
    details.flatMap((d) =>
      d.observations.map((o) => [
        d.id,
        d.title.zh,
        o.period,
        o.value,
        o.assessment ? STATUS_LABELS[o.assessment].zh : '',
        o.source,
        o.comment,
        o.channel,
        o.revision,
        o.reason,
        o.importFile,
        o.recordedBy,
        o.recordedAt,
        o.isDemo ? '是' : '',
      ]),
    ),
  );

  sheet(
    workbook,
    '路径与预测',
    ['编号', '目标', '年份', '按路径应达', '区间下限', '区间上限', '观测（年末或最新）'],
    details.flatMap((d) =>
      d.series.required.map((p) => {
        const seen = d.series.observed.filter((o) => Math.ceil(o.t - 1e-9) === p.year).at(-1);
        return [d.id, d.title.zh, p.year, p.value, p.lower ?? null, p.upper ?? null, seen?.value ?? null];
      }),
    ),
  );

  sheet(
    workbook,
    '资金',
    ['编号', '目标', '措施', '措施名称', '已承诺', '已拨付', '待拨付', '批准笔数', '拨付笔数'],
    funding.targets.flatMap((t) =>
      t.measures.map((m) => [
        t.targetId,
        t.title.zh,
        m.id,
        m.title.zh,
        formatWan(m.committed),
        formatWan(m.paid),
        formatWan(m.outstanding),
        m.grants,
        m.payments,
      ]),
    ),
  );

  sheet(
    workbook,
    '十四五基础',
    ['编号', '章节', '指标', '原文', '数值', '限定', '单位', '关联目标', '平台派生（截至当日）'],
    figures.indicators.map((x) => [
      x.id,
      x.section,
      x.title.zh,
      x.quote,
      x.print ?? x.value,
      x.qualifier,
      x.unit.zh,
      x.relatedTargets.join('、'),
      x.derived ? (x.derived.available ? String(x.derived.total) : (x.derived.reason?.zh ?? '')) : '',
    ]),
  );

  sheet(
    workbook,
    '背景指标（004）',
    ['编号', '指标', '原文', '数值', '限定', '单位', '来源', '关联目标'],
    figures.context.map((x) => [
      x.id,
      x.title.zh,
      x.quote,
      x.value,
      x.qualifier,
      x.unit.zh,
      x.source,
      x.relatedTargets.join('、'),
    ]),
  );

  sheet(
    workbook,
    '方法说明',
    ['项目', '内容'],
    [
      ['规划', `${board.document.number}《${board.document.title.zh}》`],
      ['截至日期', asOf],
      ['判断方法', METHOD.zh],
      ['责任部门', board.document.notes.department.zh],
      ['报送约定', board.document.notes.reporting.zh],
      [
        '目标类型',
        Object.values(KIND_LABELS)
          .map((k) => k.zh)
          .join('；'),
      ],
      ['演示数据', '来源为“演示数据”的数值仅供演示，不是统计数据'],
      ['数据版本', board.document.version],
    ],
  );

  const data = Buffer.from(await workbook.xlsx.writeBuffer());
  await deps.db.transaction().execute(async (tx) => {
    await deps.audit.append(tx, {
      actor: actor.username,
      action: 'plan.export',
      subject: `plan:${board.document.code}`,
      detail: { date: asOf, format: 'xlsx', targets: board.cards.length, bytes: data.length },
    });
  });
  return { filename: `ceyuan-plan-${board.document.code}-${asOf}.xlsx`, data };
}
