/**
 * What-if simulation (issue 4 §4): apply a change to the catalogue — a rate, a cap, a validity
 * window, adopting draft 001 on a date, a new strategic partner city — screen the registry under the
 * baseline and under the change, and report who becomes eligible or stops being eligible and the
 * upper-bound cost by measure and by year, against the special fund's budget when given.
 *
 * Pure: the policy files come in as data (readPolicyFiles output), the changed catalogue is rebuilt
 * by the same builder (so a change that breaks a file is refused with the file and field named), and
 * the registry is the columnar one. No clock, no I/O.
 *
 * How the figures are read (printed with every report):
 * - eligible = the measure's applicant conditions hold on the snapshot date AND its document is in
 *   force at some point of the horizon (drafts only when adopted in the scenario);
 * - the cost is an upper bound per organisation and year: a rate's cap (the base is unknown before a
 *   matter exists), an "up to N" cap, a fixed amount, a pending tier table's cap; one matter per
 *   organisation per year for per-matter measures; a once-only or cumulative measure counts its whole
 *   cap in the first year it is in force; 从优就高不重复 applies within an overlap group (an
 *   organisation counts under the group's highest cap only); amounts the text does not give
 *   (unspecified) are counted as organisations without money.
 */
import { buildCatalogue, type SourceFile } from '../core/catalogue/build.ts';
import type { DocumentFile, ReferenceFile } from '../core/catalogue/schema.ts';
import type { Catalogue, Measure, MonetaryBenefit } from '../core/catalogue/types.ts';
import { isMonetary } from '../core/catalogue/types.ts';
import { type IsoDate, isIsoDate, yearOf } from '../core/dates.ts';
import { windowOn } from '../core/engine/window.ts';
import { InputError } from '../core/errors.ts';
import { factRegistry } from '../core/facts.ts';
import { type Fen, multiplyFen, sumFen } from '../core/money.ts';
import type { Text } from '../core/text.ts';
import type { ColumnarRegistry } from './columnar.ts';
import { compileScreen } from './compile-js.ts';
import {
  allocateBitsets,
  popcount,
  popcount32,
  type ScreeningMode,
  screeningMode,
  screenTarget,
} from './screen.ts';

export type CatalogueChange =
  | { kind: 'rate'; measureId: string; ratePercent: number }
  | { kind: 'cap'; measureId: string; capWan: number }
  | { kind: 'validity'; document: string; from: IsoDate; to: IsoDate | null }
  | { kind: 'adopt'; document: string; date: IsoDate }
  | { kind: 'partnerCity'; city: string; zh?: string; en?: string };

export interface PolicySources {
  reference: SourceFile;
  documents: SourceFile[];
  overlaps?: SourceFile;
  version: string;
}

export interface Scenario {
  catalogue: Catalogue;
  adopt: Record<string, IsoDate>;
}

function fail(path: string, zh: string, en: string): never {
  throw new InputError([{ path, rule: 'simulation_change', zh, en }]);
}

/** Parses `rate:000·二=40`, `cap:000·三=5000`, `validity:000=2026-06-01..2029-05-31`, `adopt:001=2026-07-01`, `partner:nanjing`. */
export function parseChange(text: string): CatalogueChange {
  const m = /^(rate|cap|validity|adopt|partner):(.+)$/.exec(text.trim());
  if (!m)
    fail(
      'change',
      `无法识别的变更：${text}`,
      `unrecognised change "${text}"; use rate:ID=PCT, cap:ID=WAN, validity:DOC=FROM..TO, adopt:DOC=DATE or partner:CITY`,
    );
  const [, kind, rest] = m as unknown as [string, string, string];
  if (kind === 'partner') return { kind: 'partnerCity', city: rest };
  const eq = rest.lastIndexOf('=');
  if (eq < 0) fail('change', `缺少“=”：${text}`, `missing "=": ${text}`);
  const key = rest.slice(0, eq);
  const value = rest.slice(eq + 1);
  if (kind === 'rate' || kind === 'cap') {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0)
      fail('change', `应为非负数：${text}`, `expected a non-negative number: ${text}`);
    return kind === 'rate' ? { kind, measureId: key, ratePercent: n } : { kind, measureId: key, capWan: n };
  }
  if (kind === 'adopt') {
    if (!isIsoDate(value))
      fail('change', `日期格式应为 YYYY-MM-DD：${text}`, `expected a date YYYY-MM-DD: ${text}`);
    return { kind, document: key, date: value };
  }
  const [from, to] = value.split('..');
  if (!from || !isIsoDate(from) || (to && !isIsoDate(to))) {
    fail('change', `有效期应为 起..止：${text}`, `expected validity:DOC=FROM..TO (TO may be empty): ${text}`);
  }
  return { kind: 'validity', document: key, from, to: to || null };
}

export function describeChange(c: CatalogueChange): Text {
  switch (c.kind) {
    case 'rate':
      return {
        zh: `${c.measureId} 比例调整为 ${c.ratePercent}%`,
        en: `${c.measureId} rate set to ${c.ratePercent}%`,
      };
    case 'cap':
      return {
        zh: `${c.measureId} 上限调整为 ${c.capWan} 万元`,
        en: `${c.measureId} cap set to ${c.capWan} 万元`,
      };
    case 'validity':
      return {
        zh: `文件 ${c.document} 有效期调整为 ${c.from} 至 ${c.to ?? '长期'}`,
        en: `document ${c.document} in force ${c.from} – ${c.to ?? 'open-ended'}`,
      };
    case 'adopt':
      return {
        zh: `文件 ${c.document} 假定于 ${c.date} 施行`,
        en: `document ${c.document} adopted on ${c.date}`,
      };
    case 'partnerCity':
      return { zh: `新增战略合作城市 ${c.city}`, en: `${c.city} becomes a strategic partner city` };
  }
}

/** The scenario after the changes: the raw policy data edited, then built by the catalogue builder. */
export function applyChanges(
  sources: PolicySources,
  changes: readonly CatalogueChange[],
  baseAdopt: Record<string, IsoDate> = {},
): Scenario {
  const reference = structuredClone(sources.reference.data) as ReferenceFile;
  const documents = sources.documents.map((d) => ({
    file: d.file,
    data: structuredClone(d.data) as DocumentFile,
  }));
  const adopt = { ...baseAdopt };
  const measureFile = (id: string) => {
    for (const d of documents) {
      const m = d.data.measures?.find((x) => x.id === id);
      if (m) return m;
    }
    return fail('change', `未知措施：${id}`, `unknown measure ${id}`);
  };
  const documentFile = (code: string) =>
    documents.find((d) => d.data.code === code)?.data ??
    fail('change', `未知文件：${code}`, `unknown document ${code}`);
  for (const c of changes) {
    switch (c.kind) {
      case 'rate': {
        const m = measureFile(c.measureId);
        if (m.benefit.kind !== 'rate_cap')
          fail('change', `${c.measureId} 不是按比例支持`, `${c.measureId} has no rate`);
        m.benefit = { ...m.benefit, ratePercent: c.ratePercent };
        break;
      }
      case 'cap': {
        const m = measureFile(c.measureId);
        const b = m.benefit;
        if (b.kind === 'rate_cap' || b.kind === 'upper_bound' || b.kind === 'tiered_pending')
          m.benefit = { ...b, capWan: c.capWan };
        else if (b.kind === 'fixed') m.benefit = { ...b, amountWan: c.capWan };
        else fail('change', `${c.measureId} 没有金额上限`, `${c.measureId} has no cap`);
        break;
      }
      case 'validity': {
        const d = documentFile(c.document);
        if (d.status === 'draft')
          fail(
            'change',
            `征求意见稿请用 adopt 模拟施行`,
            `a draft is simulated with adopt:${c.document}=DATE`,
          );
        d.validity = { from: c.from, to: c.to, quote: 'validity' in d.validity ? d.validity.quote : '' };
        break;
      }
      case 'adopt': {
        const d = documentFile(c.document);
        if (d.status !== 'draft')
          fail('change', `${c.document} 不是征求意见稿`, `${c.document} is not a draft`);
        adopt[c.document] = c.date;
        break;
      }
      case 'partnerCity': {
        const city = reference.cities.find((x) => x.code === c.city);
        if (city) {
          if (city.role === 'core' || city.role === 'member')
            fail('change', `${c.city} 已是走廊城市`, `${c.city} is already a corridor city`);
          city.role = 'partner';
        } else {
          if (!/^[a-z0-9_]+$/.test(c.city))
            fail(
              'change',
              `城市代码应为小写字母数字：${c.city}`,
              `city code must be lower-case a–z, 0–9, _: ${c.city}`,
            );
          reference.cities.push({ code: c.city, zh: c.zh ?? c.city, en: c.en ?? c.city, role: 'partner' });
        }
        break;
      }
    }
  }
  const catalogue = buildCatalogue({
    reference: { file: sources.reference.file, data: reference },
    documents,
    ...(sources.overlaps ? { overlaps: sources.overlaps } : {}),
    version: `${sources.version}+sim`,
  });
  return { catalogue, adopt };
}

// ---------------------------------------------------------------------------------------------

export interface SimulateOptions {
  /** Snapshot date: conditions (qualifications) are tested on it. */
  date: IsoDate;
  /** Years to cost (default: the snapshot's year and the four after). */
  years?: number[];
  /** The special fund's budget by year, in fen. */
  budgets?: Record<number, Fen>;
}

export interface YearFigure {
  year: number;
  /** Organisations counted in that year (after 从优就高不重复 within overlap groups). */
  organisations: number;
  /** Upper bound in fen; null when the text gives no amount. */
  upperBound: Fen | null;
}

export interface MeasureOutcome {
  measureId: string;
  title: Text;
  mode: ScreeningMode;
  monetary: boolean;
  baseline: { eligible: number; years: YearFigure[] };
  changed: { eligible: number; years: YearFigure[] };
  newlyEligible: number;
  noLongerEligible: number;
}

/**
 * Upper bounds for one year, split by how the money is reached: `automatic` (免申即享: no matter
 * needed, the amount is the text's — a firm upper bound) and `invitation` (快申快享: needs a matter;
 * the bound assumes every eligible organisation brings one a year, a theoretical ceiling).
 */
export interface CostSplit {
  automatic: Fen;
  invitation: Fen;
}

export interface YearTotal {
  year: number;
  baseline: CostSplit;
  changed: CostSplit;
  delta: CostSplit;
  budget: Fen | null;
}

export interface SimulationReport {
  date: IsoDate;
  years: number[];
  organisations: number;
  changes: Text[];
  measures: MeasureOutcome[];
  /** Distinct organisations newly eligible for at least one measure / no longer eligible for one. */
  newlyEligibleOrganisations: number;
  noLongerEligibleOrganisations: number;
  totals: YearTotal[];
  assumptions: Text[];
}

export const ASSUMPTIONS: Text[] = [
  {
    zh: '符合条件：快照日期的主体名录满足措施的申请主体条件，且其文件在测算年度内某一时点有效（征求意见稿仅在假定施行时计入）',
    en: 'eligible: the registry snapshot meets the measure’s applicant conditions and its document is in force at some point of the horizon (a draft only when adopted in the scenario)',
  },
  {
    zh: '金额为上限：按比例支持取其上限（事项金额未知），按项目的措施按每个主体每年一个项目计，一次性或累计上限计入首个有效年度',
    en: 'amounts are upper bounds: a rate counts at its cap (no matter figures yet); per-matter measures at one matter per organisation per year; once-only and cumulative caps in the first year in force',
  },
  {
    zh: '免申即享措施的上限为确定上限；快申快享措施的上限假定每个符合条件的主体每年申报一个事项，仅为理论上限',
    en: 'automatic (免申即享) bounds are firm; invitation (快申快享) bounds assume every eligible organisation brings one matter a year, a theoretical ceiling',
  },
  {
    zh: '同一重叠组内按从优、就高、不重复，只计最高上限的一项；未规定金额的措施只计主体数',
    en: 'within an overlap group only the highest cap counts (从优就高不重复); measures without a printed amount count organisations only',
  },
];

/** A monetary benefit's upper bound per organisation and period, or null when the text gives none. */
export function upperBoundOf(benefit: MonetaryBenefit): Fen | null {
  switch (benefit.kind) {
    case 'rate_cap':
    case 'upper_bound':
    case 'tiered_pending':
      return benefit.cap;
    case 'fixed':
      return benefit.amount;
    case 'unspecified':
      return null;
  }
}

interface ScenarioScreen {
  measures: Measure[];
  bits: Map<string, Uint32Array>;
  /** measure id → years (of the horizon) in which its document is in force. */
  inForceYears: Map<string, number[]>;
}

function yearsInForce(m: Measure, adopt: Record<string, IsoDate>, years: number[]): number[] {
  return years.filter((y) => {
    // The window's bounds (from windowOn, which honours a simulated adoption) overlap the year.
    const w = windowOn(m.document, `${y}-01-01`, adopt);
    if (w.from === null) return false;
    return w.from <= `${y}-12-31` && (w.to === null || w.to >= `${y}-01-01`);
  });
}

function screenScenario(s: Scenario, reg: ColumnarRegistry, date: IsoDate, years: number[]): ScenarioScreen {
  const measures = s.catalogue.measures.filter(
    (m) => m.document.status !== 'plan' && yearsInForce(m, s.adopt, years).length > 0,
  );
  const facts = factRegistry(s.catalogue.reference);
  const { kernel } = compileScreen(
    measures.map((m) => screenTarget(m, date, s.adopt)),
    reg,
    { date, facts },
  );
  const out = allocateBitsets(measures.length, reg.size);
  kernel(0, reg.size, out);
  return {
    measures,
    bits: new Map(measures.map((m, i) => [m.id, out[i]!])),
    inForceYears: new Map(measures.map((m) => [m.id, yearsInForce(m, s.adopt, years)])),
  };
}

/** Per measure and year: organisations counted and their upper bound, 从优就高不重复 within groups. */
function costByYear(sc: ScenarioScreen, years: number[], words: number): Map<string, YearFigure[]> {
  const figures = new Map<string, YearFigure[]>(sc.measures.map((m) => [m.id, []]));
  for (const year of years) {
    const live = sc.measures.filter((m) => sc.inForceYears.get(m.id)!.includes(year));
    for (const m of sc.measures) {
      if (!live.includes(m))
        figures.get(m.id)!.push({ year, organisations: 0, upperBound: isMonetary(m.benefit) ? 0 : null });
    }
    const perOrg = (m: Measure): Fen | null => {
      const b = m.benefit;
      if (!isMonetary(b)) return 0;
      const cap = upperBoundOf(b);
      if (cap === null) return null;
      const once = b.period === 'once' || b.period === 'cumulative';
      return once && sc.inForceYears.get(m.id)![0] !== year ? 0 : cap;
    };
    // Group by overlap group; a measure without one is its own group.
    const groups = new Map<string, Measure[]>();
    for (const m of live) {
      const key = m.overlapGroup ?? `\u0000${m.id}`;
      groups.set(key, [...(groups.get(key) ?? []), m]);
    }
    for (const group of groups.values()) {
      const ranked = [...group].sort((a, b) => (perOrg(b) ?? -1) - (perOrg(a) ?? -1));
      const claimed = new Uint32Array(words);
      for (const m of ranked) {
        const bits = sc.bits.get(m.id)!;
        const amount = perOrg(m);
        let n = 0;
        for (let w = 0; w < words; w++) {
          const own = (bits[w]! & ~claimed[w]!) >>> 0;
          if (own !== 0) n += popcount32(own);
          // Only a measure with a known amount takes the organisation from its group's others.
          if (amount !== null) claimed[w] = (claimed[w]! | bits[w]!) >>> 0;
        }
        figures
          .get(m.id)!
          .push({ year, organisations: n, upperBound: amount === null ? null : multiplyFen(amount, n) });
      }
    }
  }
  for (const list of figures.values()) list.sort((a, b) => a.year - b.year);
  return figures;
}

export function simulate(
  reg: ColumnarRegistry,
  baseline: Scenario,
  changed: Scenario,
  changes: readonly CatalogueChange[],
  opts: SimulateOptions,
): SimulationReport {
  const y0 = yearOf(opts.date);
  const years = opts.years ?? [y0, y0 + 1, y0 + 2, y0 + 3, y0 + 4];
  const words = Math.ceil(reg.size / 32);
  const base = screenScenario(baseline, reg, opts.date, years);
  const next = screenScenario(changed, reg, opts.date, years);
  const baseCost = costByYear(base, years, words);
  const nextCost = costByYear(next, years, words);
  const empty = new Uint32Array(words);
  const anyNew = new Uint32Array(words);
  const anyLost = new Uint32Array(words);

  const ids = [...new Set([...changed.catalogue.measures, ...baseline.catalogue.measures].map((m) => m.id))];
  const measures: MeasureOutcome[] = [];
  for (const id of ids) {
    const b = base.bits.get(id) ?? empty;
    const c = next.bits.get(id) ?? empty;
    let gained = 0;
    let lost = 0;
    for (let w = 0; w < words; w++) {
      const g = (c[w]! & ~b[w]!) >>> 0;
      const l = (b[w]! & ~c[w]!) >>> 0;
      if (g) {
        gained += popcount32(g);
        anyNew[w] = (anyNew[w]! | g) >>> 0;
      }
      if (l) {
        lost += popcount32(l);
        anyLost[w] = (anyLost[w]! | l) >>> 0;
      }
    }
    const m = changed.catalogue.byId.get(id) ?? baseline.catalogue.byId.get(id)!;
    const zeroYears = years.map((year) => ({
      year,
      organisations: 0,
      upperBound: isMonetary(m.benefit) ? 0 : null,
    }));
    measures.push({
      measureId: id,
      title: m.title,
      mode: screeningMode(m),
      monetary: isMonetary(m.benefit),
      baseline: { eligible: base.bits.has(id) ? popcount(b) : 0, years: baseCost.get(id) ?? zeroYears },
      changed: { eligible: next.bits.has(id) ? popcount(c) : 0, years: nextCost.get(id) ?? zeroYears },
      newlyEligible: gained,
      noLongerEligible: lost,
    });
  }
  const modeOf = new Map(measures.map((m) => [m.measureId, m.mode]));
  const total = (cost: Map<string, YearFigure[]>, year: number): CostSplit => {
    const part = (mode: ScreeningMode) =>
      sumFen(
        [...cost.entries()]
          .filter(([id]) => modeOf.get(id) === mode)
          .flatMap(([, ys]) => ys.filter((y) => y.year === year).map((y) => y.upperBound ?? 0)),
      );
    return { automatic: part('automatic'), invitation: part('invitation') };
  };
  return {
    date: opts.date,
    years,
    organisations: reg.size,
    changes: changes.map(describeChange),
    measures,
    newlyEligibleOrganisations: popcount(anyNew),
    noLongerEligibleOrganisations: popcount(anyLost),
    totals: years.map((year) => {
      const bt = total(baseCost, year);
      const ct = total(nextCost, year);
      return {
        year,
        baseline: bt,
        changed: ct,
        delta: { automatic: ct.automatic - bt.automatic, invitation: ct.invitation - bt.invitation },
        budget: opts.budgets?.[year] ?? null,
      };
    }),
    assumptions: ASSUMPTIONS,
  };
}

/** Baseline and changed scenarios from the policy files, then the simulation. */
export function simulateChanges(
  reg: ColumnarRegistry,
  sources: PolicySources,
  changes: readonly CatalogueChange[],
  opts: SimulateOptions,
): SimulationReport {
  const baseline = applyChanges(sources, []);
  const changed = applyChanges(sources, changes);
  return simulate(reg, baseline, changed, changes, opts);
}
