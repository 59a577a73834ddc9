/**
 * Runs the policy test tables in policies/cases/*.yaml: each case is an applicant, a matter and a
 * date, and the outcome and amount a policy expert expects for one measure. Amounts in the tables
 * read like the texts ("300万", "12.5元") or are plain integers in fen:
 * - `ceiling: 300万`: "不超过 X%、最高 N" — the reviewer decides between 0 and 最高可获 300万;
 * - `amount: [0, 200万]`: an explicit range ("最高 N 万元" alone, or a pending tier table);
 * - `amount: 400万`: a sum the text fixes (exact); `amount: null`: no amount.
 * `checks` lists the overlap pairs flagged for the reviewer ("000·五+000·三").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_POLICY_DIR, loadCatalogue } from '../src/catalogue/load.ts';
import { calculate, createEngine, parseCalcInput } from '../src/core/engine/calculate.ts';
import { pairRule } from '../src/core/engine/overlap.ts';
import { FEN_PER_WAN, FEN_PER_YUAN } from '../src/core/money.ts';

type Obj = Record<string, unknown>;
interface Case {
  name: string;
  applicant?: Obj;
  matter?: Obj;
  date?: string;
  history?: Obj[];
  simulate?: Record<string, string>;
  expect: {
    outcome: string;
    amount?: unknown;
    ceiling?: unknown;
    granted?: string[];
    checks?: string[];
    reason?: string;
  };
  /** More matters beside the table's (for overlaps between measures of different matter types). */
  alsoMatters?: Obj[];
}
interface Table {
  measure: string;
  given: { applicant: Obj; matter?: Obj; date: string; simulate?: Record<string, string>; history?: Obj[] };
  cases: Case[];
}

/** "300万" → fen, "12.5元" → fen, 123 → 123 fen. */
function money(v: unknown): number {
  if (typeof v === 'number') return v;
  const m = /^([\d.]+)(万|元)$/.exec(String(v));
  if (!m) throw new Error(`not an amount: ${v}`);
  return Math.round(Number(m[1]) * (m[2] === '万' ? FEN_PER_WAN : FEN_PER_YUAN));
}

function merge(a: Obj | undefined, b: Obj | undefined): Obj {
  const out: Obj = { ...(a ?? {}) };
  for (const [k, v] of Object.entries(b ?? {})) {
    const prev = out[k];
    out[k] =
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      prev &&
      typeof prev === 'object' &&
      !Array.isArray(prev)
        ? merge(prev as Obj, v as Obj)
        : v;
  }
  return out;
}

function withMoney(matter: Obj | undefined): Obj | undefined {
  if (!matter?.figures) return matter;
  const figures = Object.fromEntries(Object.entries(matter.figures as Obj).map(([k, v]) => [k, money(v)]));
  return { ...matter, figures };
}

const catalogue = loadCatalogue();
const engine = createEngine(catalogue);
const casesDir = join(DEFAULT_POLICY_DIR, 'cases');

for (const file of readdirSync(casesDir).filter((f) => f.endsWith('.yaml'))) {
  const tables = parse(readFileSync(join(casesDir, file), 'utf8')) as Table[];
  describe(file, () => {
    for (const table of tables) {
      const measure = catalogue.byId.get(table.measure);
      describe(`${table.measure} ${measure?.title.zh ?? '(unknown measure)'}`, () => {
        it('is in the catalogue', () => expect(measure).toBeDefined());
        for (const c of table.cases) {
          it(c.name, () => {
            const date = c.date ?? table.given.date;
            const matter = withMoney(
              merge(merge({ type: measure?.matterType, date }, table.given.matter), c.matter),
            );
            const input = parseCalcInput(
              engine,
              {
                applicant: merge(table.given.applicant, c.applicant),
                matters: [
                  ...(measure?.matterType ? [{ id: 'case', ...matter }] : []),
                  ...(c.alsoMatters ?? []).map((m) => withMoney({ date, ...m })),
                ],
                asOf: date,
                history: (c.history ?? table.given.history ?? []).map((h) => ({
                  ...h,
                  amount: money(h.amount),
                })),
                simulate: { adopt: c.simulate ?? table.given.simulate ?? {} },
              },
              date,
            );
            const result = calculate(engine, input);
            const ev = result.evaluations.find((e) => e.measureId === table.measure);
            const why = ev?.reasons.map((r) => r.zh).join('\n');
            expect(ev?.outcome, why).toBe(c.expect.outcome);
            if (c.expect.ceiling !== undefined) {
              // A ceiling the reviewer decides within: 0 … ceiling, headlined "最高可获".
              expect(ev?.amount, why).toEqual({ min: 0, max: money(c.expect.ceiling) });
              expect(ev?.exact, why).toBe(false);
              expect(ev?.headline?.zh, why).toMatch(/^最高可获/);
            }
            if (c.expect.amount !== undefined) {
              const want =
                c.expect.amount === null
                  ? null
                  : Array.isArray(c.expect.amount)
                    ? { min: money(c.expect.amount[0]), max: money(c.expect.amount[1]) }
                    : { min: money(c.expect.amount), max: money(c.expect.amount) };
              expect(ev?.amount, why).toEqual(want);
              // A single figure is a sum the text fixes.
              if (want && !Array.isArray(c.expect.amount)) expect(ev?.exact, why).toBe(true);
            }
            if (c.expect.checks) {
              const flagged = result.overlapChecks.map((x) => x.measureIds.join('+'));
              expect(flagged, why).toEqual(c.expect.checks);
            }
            if (c.expect.granted) {
              // The measures overlapping this one (its group and its links) the applicant finally gets.
              const peers = catalogue.measures
                .filter((m) => m.id === table.measure || pairRule(engine.overlaps, table.measure, m.id))
                .map((m) => m.id);
              const got = result.granted.filter((g) => peers.includes(g.measureId)).map((g) => g.measureId);
              expect(got, why).toEqual(c.expect.granted);
            }
            if (c.expect.reason) expect(why).toContain(c.expect.reason);
          });
        }
      });
    }
  });
}
