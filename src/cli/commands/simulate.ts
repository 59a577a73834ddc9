/**
 * `ceyuan simulate --change KIND:… [--change …] [--date D] [--count N --seed S | --registry FILE]
 * [--years 2026-2030] [--budget 2026=50000] [--json] [--lang en]`: what-if over the registry.
 * Changes: rate:000·二=40 · cap:000·三=5000 (万元) · validity:000=2026-06-01..2029-05-31 ·
 * adopt:001=2026-07-01 · partner:nanjing. Budgets in 万元.
 */
import type { Command } from 'commander';
import { readPolicyFiles } from '../../catalogue/load.ts';
import { isIsoDate } from '../../core/dates.ts';
import { InputError } from '../../core/errors.ts';
import { formatWan, wanToFen } from '../../core/money.ts';
import { loadRegistry } from '../../screening/registry-source.ts';
import { parseChange, type SimulationReport, simulateChanges } from '../../screening/simulate.ts';
import { catalogueAndEngine, today } from '../context.ts';
import { parseLang, table } from '../format.ts';

function fail(path: string, zh: string, en: string): never {
  throw new InputError([{ path, rule: 'format', zh, en }]);
}

function yearsOf(v: string): number[] {
  const m = /^(\d{4})(?:-(\d{4}))?$/.exec(v);
  if (!m) fail('--years', `应为 2026-2030 形式：${v}`, `expected e.g. 2026-2030: ${v}`);
  const a = Number(m[1]);
  const b = Number(m[2] ?? m[1]);
  if (b < a || b - a > 30) fail('--years', `年份范围无效：${v}`, `invalid year range: ${v}`);
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

function budgetsOf(values: string[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const v of values) {
    const m = /^(\d{4})=(\d+(?:\.\d+)?)$/.exec(v);
    if (!m) fail('--budget', `应为 年份=万元：${v}`, `expected YEAR=WAN: ${v}`);
    out[Number(m[1])] = wanToFen(Number(m[2]));
  }
  return out;
}

/** formatWan with the integer part grouped by thousands (these totals run to many digits). */
const grouped = (fen: number) =>
  formatWan(fen).replace(/^\d+/, (d) => d.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
const wan = (fen: number | null) => (fen === null ? '—' : fen === 0 ? '0' : grouped(fen));
const signed = (fen: number) => (fen > 0 ? `+${grouped(fen)}` : fen < 0 ? `−${grouped(-fen)}` : '0');

export function printSimulation(r: SimulationReport, lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  const out: string[] = [];
  out.push(
    zh
      ? `模拟：${r.changes.map((c) => c.zh).join('；') || '无变更'}`
      : `What if: ${r.changes.map((c) => c.en).join('; ') || 'no change'}`,
  );
  out.push(
    zh
      ? `主体 ${r.organisations.toLocaleString('en')} 家，快照日期 ${r.date}，测算年度 ${r.years[0]}–${r.years.at(-1)}`
      : `${r.organisations.toLocaleString('en')} organisations, snapshot ${r.date}, years ${r.years[0]}–${r.years.at(-1)}`,
  );
  out.push(
    zh
      ? `新增符合条件的主体 ${r.newlyEligibleOrganisations.toLocaleString('en')} 家；不再符合的 ${r.noLongerEligibleOrganisations.toLocaleString('en')} 家\n`
      : `organisations newly eligible for some measure: ${r.newlyEligibleOrganisations.toLocaleString('en')}; no longer eligible for one: ${r.noLongerEligibleOrganisations.toLocaleString('en')}\n`,
  );
  const sumYears = (ys: { upperBound: number | null }[]) =>
    ys.some((y) => y.upperBound === null) && ys.every((y) => !y.upperBound)
      ? null
      : ys.reduce((s, y) => s + (y.upperBound ?? 0), 0);
  const rows = r.measures
    .filter((m) => m.baseline.eligible || m.changed.eligible)
    .map((m) => [
      m.measureId,
      m.mode === 'automatic'
        ? zh
          ? '免申即享'
          : 'automatic'
        : m.mode === 'invitation'
          ? zh
            ? '快申快享'
            : 'invitation'
          : '—',
      `${m.baseline.eligible.toLocaleString('en')} → ${m.changed.eligible.toLocaleString('en')}`,
      m.newlyEligible ? `+${m.newlyEligible.toLocaleString('en')}` : '0',
      m.noLongerEligible ? `−${m.noLongerEligible.toLocaleString('en')}` : '0',
      m.monetary
        ? `${wan(sumYears(m.baseline.years))} → ${wan(sumYears(m.changed.years))}`
        : zh
          ? '非资金'
          : 'no money',
    ]);
  out.push(
    table(
      zh
        ? ['措施', '方式', '符合条件（基线 → 变更后）', '新增', '减少', '测算期上限合计']
        : ['measure', 'mode', 'eligible (baseline → changed)', 'new', 'lost', 'upper bound over the years'],
      rows,
    ),
  );
  out.push('');
  out.push(
    table(
      zh
        ? ['年度', '免申即享上限', '快申快享理论上限', '变化（免申 / 快申）', '专项资金预算']
        : [
            'year',
            'automatic bound',
            'invitation ceiling',
            'change (automatic / invitation)',
            'special fund budget',
          ],
      r.totals.map((t) => [
        String(t.year),
        `${wan(t.baseline.automatic)} → ${wan(t.changed.automatic)}`,
        `${wan(t.baseline.invitation)} → ${wan(t.changed.invitation)}`,
        `${signed(t.delta.automatic)} / ${signed(t.delta.invitation)}`,
        t.budget === null
          ? '—'
          : `${grouped(t.budget)}${t.changed.automatic > t.budget ? (zh ? '（免申即享上限超出预算）' : ' (automatic bound exceeds it)') : ''}`,
      ]),
    ),
  );
  out.push('');
  for (const a of r.assumptions) out.push(`· ${a[lang]}`);
  return `${out.join('\n')}\n`;
}

/** Configures `ceyuan simulate` on the command main.ts made (name and summary live there). */
export function registerSimulate(command: Command): void {
  command
    .option(
      '--change <change>',
      'rate:ID=PCT | cap:ID=WAN | validity:DOC=FROM..TO | adopt:DOC=DATE | partner:CITY (repeatable)',
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .option('--date <date>', 'snapshot date (default today)')
    .option('--count <n>', 'synthetic registry size', '100000')
    .option('--seed <n>', 'synthetic registry seed', '1')
    .option('--registry <file>', 'NDJSON file of applicant profiles instead of a synthetic registry')
    .option('--years <range>', 'years to cost, e.g. 2026-2030 (default: the snapshot year and four more)')
    .option(
      '--budget <year=wan>',
      'special fund budget for a year, in 万元 (repeatable)',
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .option('--json', 'print the report as JSON')
    .option('--lang <lang>', 'zh | en', 'zh')
    .action(
      (opts: {
        change: string[];
        date?: string;
        count: string;
        seed: string;
        registry?: string;
        years?: string;
        budget: string[];
        json?: boolean;
        lang: string;
      }) => {
        const date = opts.date ?? today();
        if (!isIsoDate(date))
          fail('--date', `日期格式应为 YYYY-MM-DD：${date}`, `expected YYYY-MM-DD: ${date}`);
        const changes = opts.change.map(parseChange);
        const { catalogue } = catalogueAndEngine();
        const reg = loadRegistry(
          catalogue.reference,
          opts.registry ? { file: opts.registry } : { count: Number(opts.count), seed: Number(opts.seed) },
        );
        const report = simulateChanges(reg, readPolicyFiles(process.env.CEYUAN_POLICIES), changes, {
          date,
          ...(opts.years ? { years: yearsOf(opts.years) } : {}),
          budgets: budgetsOf(opts.budget),
        });
        if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else process.stdout.write(printSimulation(report, parseLang(opts.lang)));
      },
    );
}
