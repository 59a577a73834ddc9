/**
 * The what-if simulation (simulate.ts) over the registry in the database, compared with the special
 * fund's budgets as the ledger holds them (table `budgets`, one row per fund — the document code —
 * and year). Used by POST /api/simulations.
 *
 * The registry is read into the columnar form (registry-db.ts); the changes are checked against the
 * catalogue first, so an unknown measure or document is refused naming its place in the list
 * (`changes.2.measureId`). Besides the report's totals (every fund together), each fund-year gets
 * its own upper bounds beside its budget: a measure's money comes from its document's fund.
 */
import type { Catalogue } from '../core/catalogue/types.ts';
import { type IsoDate, yearOf } from '../core/dates.ts';
import { type FieldIssue, InputError } from '../core/errors.ts';
import { type Fen, sumFen } from '../core/money.ts';
import { listBudgets } from '../storage/repositories/ledger.ts';
import type { Db } from '../storage/schema.ts';
import { loadRegistryFromDb } from './registry-db.ts';
import {
  applyChanges,
  type CatalogueChange,
  type CostSplit,
  type PolicySources,
  type SimulationReport,
  simulate,
} from './simulate.ts';

export interface RegistrySimulationInput {
  date: IsoDate;
  /** Years to cost (default: the date's year and the four after). */
  years?: number[];
  changes: CatalogueChange[];
}

export interface FundYear {
  /** The document whose measures this fund pays: 000, 001, … */
  fund: string;
  year: number;
  baseline: CostSplit;
  changed: CostSplit;
  delta: CostSplit;
  /** The budget set in the ledger for this fund and year; null when none is set. */
  budget: Fen | null;
  /** budget − the changed scenario's 免申即享 upper bound (negative: the firm bound exceeds it). */
  headroom: Fen | null;
}

export interface RegistrySimulationReport extends SimulationReport {
  /** Version of the policy files simulated (the baseline). */
  catalogueVersion: string;
  /** Registry values whose code the reference data does not know (left out; see registry-db.ts). */
  unknownCodes: number;
  funds: FundYear[];
}

function issue(path: string, rule: string, zh: string, en: string): FieldIssue {
  return { path, rule, zh, en };
}

/** Every change refers to something the catalogue has: the issues, one per bad field. */
export function checkChanges(catalogue: Catalogue, changes: readonly CatalogueChange[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const documents = new Map(catalogue.documents.map((d) => [d.code, d]));
  changes.forEach((c, i) => {
    const at = `changes.${i}`;
    switch (c.kind) {
      case 'rate':
      case 'cap': {
        const m = catalogue.byId.get(c.measureId);
        if (!m) {
          issues.push(
            issue(
              `${at}.measureId`,
              'unknown_measure',
              `未知措施：${c.measureId}`,
              `unknown measure ${c.measureId}`,
            ),
          );
        } else if (c.kind === 'rate' && m.benefit.kind !== 'rate_cap') {
          issues.push(
            issue(
              `${at}.measureId`,
              'no_rate',
              `${c.measureId} 不是按比例支持`,
              `${c.measureId} has no rate`,
            ),
          );
        } else if (
          c.kind === 'cap' &&
          !['rate_cap', 'upper_bound', 'tiered_pending', 'fixed'].includes(m.benefit.kind)
        ) {
          issues.push(
            issue(`${at}.measureId`, 'no_cap', `${c.measureId} 没有金额上限`, `${c.measureId} has no cap`),
          );
        }
        break;
      }
      case 'validity':
      case 'adopt': {
        const d = documents.get(c.document);
        if (!d) {
          issues.push(
            issue(
              `${at}.document`,
              'unknown_document',
              `未知文件：${c.document}`,
              `unknown document ${c.document}`,
            ),
          );
        } else if (c.kind === 'adopt' && d.status !== 'draft') {
          issues.push(
            issue(
              `${at}.document`,
              'not_draft',
              `${c.document} 不是征求意见稿`,
              `${c.document} is not a draft: only a draft is adopted`,
            ),
          );
        } else if (c.kind === 'validity' && d.status === 'draft') {
          issues.push(
            issue(
              `${at}.document`,
              'draft',
              `征求意见稿请用 adopt 模拟施行`,
              `${c.document} is a draft: simulate it with kind "adopt"`,
            ),
          );
        }
        if (c.kind === 'validity' && c.to !== null && c.to < c.from) {
          issues.push(issue(`${at}.to`, 'date_order', '截止日期早于起始日期', 'ends before it starts'));
        }
        break;
      }
      case 'partnerCity': {
        const city = catalogue.reference.cities.find((x) => x.code === c.city);
        if (city && (city.role === 'core' || city.role === 'member')) {
          issues.push(
            issue(
              `${at}.city`,
              'corridor_city',
              `${c.city} 已是走廊城市`,
              `${c.city} is already a corridor city`,
            ),
          );
        }
        break;
      }
    }
  });
  return issues;
}

const zero = (): CostSplit => ({ automatic: 0, invitation: 0 });

/** Per fund (the measure's document) and year: the upper bounds of both scenarios and the budget. */
export function fundYears(
  report: SimulationReport,
  documentOf: (measureId: string) => string | undefined,
  budgets: { fund: string; year: number; amount: Fen }[],
): FundYear[] {
  const cells = new Map<string, { baseline: Fen[][]; changed: Fen[][] }>();
  const cell = (fund: string, year: number) => {
    const key = `${fund}/${year}`;
    let c = cells.get(key);
    if (!c) {
      c = { baseline: [[], []], changed: [[], []] };
      cells.set(key, c);
    }
    return c;
  };
  const funds = new Set<string>();
  for (const m of report.measures) {
    if (!m.monetary || m.mode === 'none') continue;
    const fund = documentOf(m.measureId);
    if (!fund) continue;
    funds.add(fund);
    const part = m.mode === 'automatic' ? 0 : 1;
    for (const y of m.baseline.years) cell(fund, y.year).baseline[part]!.push(y.upperBound ?? 0);
    for (const y of m.changed.years) cell(fund, y.year).changed[part]!.push(y.upperBound ?? 0);
  }
  const budget = new Map(budgets.map((b) => [`${b.fund}/${b.year}`, b.amount]));
  for (const b of budgets) if (report.years.includes(b.year)) funds.add(b.fund);
  const out: FundYear[] = [];
  for (const fund of [...funds].sort()) {
    for (const year of report.years) {
      const c = cells.get(`${fund}/${year}`);
      const split = (parts: Fen[][] | undefined): CostSplit =>
        parts ? { automatic: sumFen(parts[0]!), invitation: sumFen(parts[1]!) } : zero();
      const baseline = split(c?.baseline);
      const changed = split(c?.changed);
      const b = budget.get(`${fund}/${year}`) ?? null;
      out.push({
        fund,
        year,
        baseline,
        changed,
        delta: {
          automatic: changed.automatic - baseline.automatic,
          invitation: changed.invitation - baseline.invitation,
        },
        budget: b,
        headroom: b === null ? null : b - changed.automatic,
      });
    }
  }
  return out;
}

/** Baseline (the policy files) and changed scenario over the database's registry, with the budgets. */
export async function simulateRegistry(
  db: Db,
  sources: PolicySources,
  input: RegistrySimulationInput,
): Promise<RegistrySimulationReport> {
  const baseline = applyChanges(sources, []);
  const issues = checkChanges(baseline.catalogue, input.changes);
  if (issues.length > 0) throw new InputError(issues);
  let changed: ReturnType<typeof applyChanges>;
  try {
    changed = applyChanges(sources, input.changes);
  } catch (error) {
    // applyChanges names the field "change"; the API's list is "changes".
    if (error instanceof InputError)
      throw new InputError(
        error.issues.map((i) => ({ ...i, path: i.path === 'change' ? 'changes' : i.path })),
      );
    throw error;
  }
  const { registry, unknownCodes } = await loadRegistryFromDb(db, baseline.catalogue.reference);
  const y0 = yearOf(input.date);
  const years = input.years ?? [y0, y0 + 1, y0 + 2, y0 + 3, y0 + 4];
  const rows = (await listBudgets(db, {})).filter((b) => years.includes(b.year));
  // The special fund as a whole: every fund's budget for the year (null when no fund has one).
  const budgets: Record<number, Fen> = {};
  for (const b of rows) budgets[b.year] = sumFen([budgets[b.year] ?? 0, b.amount]);
  const report = simulate(registry, baseline, changed, input.changes, { date: input.date, years, budgets });
  const documentOf = (id: string) =>
    (changed.catalogue.byId.get(id) ?? baseline.catalogue.byId.get(id))?.document.code;
  return {
    ...report,
    catalogueVersion: sources.version,
    unknownCodes,
    funds: fundYears(report, documentOf, rows),
  };
}
