/**
 * `ceyuan calc FILE [--as-of D] [--simulate 001=D] [--json] [--lang en]`: one applicant against the
 * whole catalogue. Exit 0 with a result; 2 on invalid input, the errors on stderr.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { calculate, parseCalcInput } from '../../core/engine/calculate.ts';
import { presentResult } from '../../core/engine/present.ts';
import type { CalcResult } from '../../core/engine/types.ts';
import { InputError } from '../../core/errors.ts';
import { formatRange, formatYuan } from '../../core/money.ts';
import type { Lang } from '../../core/text.ts';
import { catalogueAndEngine, today } from '../context.ts';
import { parseLang, table } from '../format.ts';

function readJson(file: string): unknown {
  const text = readFileSync(file === '-' ? 0 : file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError([
      {
        path: '(file)',
        rule: 'json',
        zh: `不是有效的 JSON：${(e as Error).message}`,
        en: `not valid JSON: ${(e as Error).message}`,
      },
    ]);
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function simulateOption(values: string[]): Record<string, string> {
  const adopt: Record<string, string> = {};
  for (const v of values) {
    const m = /^(\d{3})=(.+)$/.exec(v);
    if (!m) {
      throw new InputError([
        {
          path: '--simulate',
          rule: 'format',
          zh: `应为 文件编号=日期，如 001=2026-07-01：${v}`,
          en: `expected DOC=DATE, e.g. 001=2026-07-01: ${v}`,
        },
      ]);
    }
    adopt[m[1]!] = m[2]!;
  }
  return adopt;
}

const OUTCOME: Record<string, { zh: string; en: string }> = {
  eligible: { zh: '符合', en: 'eligible' },
  ineligible: { zh: '不符合', en: 'not eligible' },
  not_in_force: { zh: '未生效', en: 'not in force' },
  needs_matter: { zh: '需提供事项', en: 'needs a matter' },
  exhausted: { zh: '额度已用完', en: 'cap used' },
};

function printReadable(result: CalcResult, lang: Lang): void {
  const zh = lang === 'zh';
  const rows = result.evaluations.map((e) => [
    e.measureId,
    e.title[lang],
    OUTCOME[e.outcome]![lang] + (e.simulated ? (zh ? '（模拟）' : ' (simulated)') : ''),
    // The headline is the ceiling ("最高可获 …"); the range under it is what the reviewer decides within.
    e.headline ? e.headline[lang] : formatRange(e.amount),
    e.amount && e.staged ? (zh ? '分阶段' : 'staged') : '',
  ]);
  const head = zh ? ['编号', '措施', '结论', '金额', '拨付'] : ['id', 'measure', 'outcome', 'amount', 'paid'];
  process.stdout.write(`${table(head, rows)}\n\n`);
  process.stdout.write(
    zh ? '可享受（从优、就高、不重复后）：\n' : 'Granted (most favourable, no stacking):\n',
  );
  for (const g of result.granted) {
    process.stdout.write(`  ${g.measureId}  ${formatRange(g.amount)}  ${g.reason[lang]}\n`);
    for (const d of g.displaced) process.stdout.write(`    ↳ ${d.measureId}: ${d.reason[lang]}\n`);
  }
  if (result.overlapChecks.length > 0) {
    process.stdout.write(zh ? '\n须由审核人员判断的重叠：\n' : '\nOverlaps for the reviewer to judge:\n');
    for (const c of result.overlapChecks)
      process.stdout.write(`  ${c.measureIds.join(' + ')}: ${c.reason[lang]}\n`);
  }
  const total = zh ? `最高可获${formatYuan(result.total.max)}` : `up to ${formatYuan(result.total.max)}`;
  process.stdout.write(
    `\n${zh ? '合计' : 'Total'}: ${total}（${formatRange(result.total)}） · ${zh ? '测算日期' : 'as of'} ${result.asOf} · ${zh ? '目录版本' : 'catalogue'} ${result.catalogueVersion}\n`,
  );
}

/** Configures `ceyuan calc` on the command main.ts made (name and summary live there). */
export function registerCalc(command: Command): void {
  command
    .argument('<file>', 'input JSON (see docs/calc-input.schema.json); - for stdin')
    .option('--as-of <date>', 'date of the matter, YYYY-MM-DD (default: today in Shanghai)')
    .option('--simulate <doc=date>', 'treat a draft as adopted on a date, e.g. 001=2026-07-01', collect, [])
    .option('--json', 'machine-readable output')
    .option('--lang <lang>', 'zh (default) or en')
    .action((file: string, opts: { asOf?: string; simulate: string[]; json?: boolean; lang?: string }) => {
      const { engine } = catalogueAndEngine();
      const raw = readJson(file) as Record<string, unknown>;
      const input = typeof raw === 'object' && raw !== null ? { ...raw } : raw;
      if (typeof input === 'object' && input !== null) {
        const record = input as Record<string, unknown>;
        if (opts.asOf) record.asOf = opts.asOf;
        if (opts.simulate.length > 0) {
          const prior = (record.simulate as { adopt?: Record<string, string> } | undefined)?.adopt ?? {};
          record.simulate = { adopt: { ...prior, ...simulateOption(opts.simulate) } };
        }
      }
      const result = calculate(engine, parseCalcInput(engine, input, today()));
      const lang = parseLang(opts.lang);
      if (opts.json) process.stdout.write(`${JSON.stringify(presentResult(result, lang), null, 2)}\n`);
      else printReadable(result, lang);
    });
}
