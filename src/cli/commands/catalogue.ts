/**
 * `ceyuan catalogue [--json]` lists every measure; `ceyuan catalogue check` lints before publication
 * (every condition and number has its quote or a documented reading); `ceyuan catalogue readings`
 * prints every reading with its quote, as docs/catalogue.md carries them.
 */
import type { Command } from 'commander';
import { readSource } from '../../catalogue/load.ts';
import { checkCatalogue } from '../../core/catalogue/check.ts';
import type { Measure } from '../../core/catalogue/types.ts';
import { readingsMarkdown } from '../../core/explain.ts';
import { formatRate, formatWan } from '../../core/money.ts';
import { catalogueAndEngine, today } from '../context.ts';
import { table } from '../format.ts';

const STATUS_ZH = { in_force: '现行有效', draft: '征求意见稿', plan: '规划' } as const;

function amountSummary(m: Measure): string {
  const b = m.benefit;
  switch (b.kind) {
    case 'rate_cap':
      return `${formatRate(b.rate)}，最高${formatWan(b.cap)}`;
    case 'upper_bound':
    case 'tiered_pending':
      return `最高${formatWan(b.cap)}`;
    case 'fixed':
      return formatWan(b.amount);
    case 'unspecified':
      return '金额待定';
    case 'service':
      return '服务/待遇';
    case 'constraint':
      return '约束';
  }
}

export function catalogueListing(measures: Measure[]) {
  return measures.map((m) => ({
    id: m.id,
    title: m.title.zh,
    titleEn: m.title.en,
    document: m.document.code,
    documentNumber: m.document.number,
    status: m.document.status,
    validFrom: m.document.validity.from,
    validTo: m.document.validity.to,
    benefit: m.benefit.kind,
    matterType: m.matterType,
    overlapGroup: m.overlapGroup,
  }));
}

/** Configures `ceyuan catalogue` on the command main.ts made (name and summary live there). */
export function registerCatalogue(command: Command): void {
  command.option('--json', 'machine-readable output').action((opts: { json?: boolean }) => {
    const { catalogue } = catalogueAndEngine();
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(catalogueListing(catalogue.measures), null, 2)}\n`);
      return;
    }
    const rows = catalogue.measures.map((m) => [
      m.id,
      m.title.zh,
      STATUS_ZH[m.document.status],
      m.document.validity.from
        ? `${m.document.validity.from}~${m.document.validity.to ?? ''}`
        : `施行后${m.document.validity.years}年`,
      amountSummary(m),
    ]);
    process.stdout.write(`${table(['编号', '措施', '状态', '有效期', '支持'], rows)}\n`);
    process.stdout.write(`\n共 ${catalogue.measures.length} 项措施 · 目录版本 ${catalogue.version}\n`);
  });

  command
    .command('readings')
    .description(
      'every reading of the texts, with its verbatim quote, as Markdown (docs/catalogue.md) / 口径说明',
    )
    .action(() => {
      process.stdout.write(readingsMarkdown(catalogueAndEngine().catalogue));
    });

  command
    .command('check')
    .description('lint the catalogue before publication / 发布前校验政策目录')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => {
      const { catalogue } = catalogueAndEngine();
      const sources = new Map(
        catalogue.documents.map((d) => [d.source, readSource(d.source, process.env.CEYUAN_POLICIES)]),
      );
      const findings = checkCatalogue(catalogue, sources, today());
      const errors = findings.filter((f) => f.level === 'error').length;
      if (opts.json)
        process.stdout.write(`${JSON.stringify({ version: catalogue.version, findings }, null, 2)}\n`);
      else {
        for (const f of findings) process.stdout.write(`${f.level.padEnd(7)} ${f.where}: ${f.message}\n`);
        process.stdout.write(
          `\n${catalogue.measures.length} measures, ${errors} errors, ${findings.filter((f) => f.level === 'warning').length} warnings · version ${catalogue.version}\n`,
        );
      }
      if (errors > 0) process.exitCode = 1;
    });
}
