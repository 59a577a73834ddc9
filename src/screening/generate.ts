/**
 * Synthetic registry generator: a realistic, deterministic registry of organisations for screening,
 * benchmarks and demos. Same (seed, count, asOf) → same registry, byte for byte, however it is
 * chunked: each row draws from its own PRNG stream seeded by (seed, row).
 *
 * Everything the rows may contain comes from the catalogue's reference data (cities and their roles,
 * kinds, sectors, qualifications, licences). The tables below only weight those codes; a code they do
 * not mention gets a default weight, so extending reference.yaml never breaks the generator.
 *
 * Shape, roughly: half the organisations in Songjiang (role `core`), a third in the G60 member
 * cities, a few in partner cities, the rest elsewhere; ~94% enterprises; one in ten Songjiang
 * organisations inside a collaborative innovation centre set up by a member or partner city (a few
 * by other cities, which 000 does not cover); qualifications with their real validity (高企 3 years,
 * 科技型中小企业 1 year, tiers rare and exclusive), some expired, a few with an earlier lapsed period;
 * licences very rare (a few per 100,000) and tied to their sector.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Reference } from '../core/catalogue/types.ts';
import type { IsoDate } from '../core/dates.ts';
import {
  addQualification,
  allocateRegistry,
  type ColumnarRegistry,
  dayNumber,
  dictionariesOf,
  OPEN_END,
  setBit,
  toApplicant,
  USCC_LENGTH,
} from './columnar.ts';
import { Mulberry32, mix32, WeightedPicker } from './prng.ts';
import { orgCodeCheckCharCode, usccCheckCharCode } from './uscc-code.ts';

export interface GenerateOptions {
  count: number;
  seed: number;
  /** The date the registry describes: qualification periods are placed around it. */
  asOf?: IsoDate;
  /** Allocate on SharedArrayBuffers (for worker threads). */
  shared?: boolean;
}

export const DEFAULT_REGISTRY_DATE: IsoDate = '2026-06-01';

// ---------------------------------------------------------------------------------------------
// Weights (data keyed by reference code; unknown codes get the default).

const ROLE_WEIGHT: Record<string, number> = { core: 0.5, member: 0.3, partner: 0.04, other: 0.16 };
const CITY_WEIGHT: Record<string, number> = {
  hangzhou: 3,
  suzhou: 3,
  hefei: 2.5,
  jiaxing: 1.5,
  wuhu: 1,
  xuancheng: 0.5,
  shanghai: 4,
  nanjing: 1.5,
  ningbo: 1.5,
  wuxi: 1.5,
  overseas: 0.3,
};

interface KindProfile {
  weight: number;
  /** USCC registration authority + category (GB 32100: 91 enterprise, 12 public institution, 51 association, 52 private non-enterprise). */
  uscc: string;
  qualifies: boolean;
  sectors: [number, number];
  /** Chance, for an organisation in the core city, of sitting in a collaborative innovation centre. */
  inCentre: number;
  suffix: string;
}
const DEFAULT_KIND: KindProfile = {
  weight: 5,
  uscc: '91',
  qualifies: false,
  sectors: [1, 2],
  inCentre: 0,
  suffix: '有限公司',
};
const KIND_PROFILE: Record<string, Partial<KindProfile>> = {
  enterprise: { weight: 9300, qualifies: true, sectors: [1, 3], inCentre: 0.1, suffix: '科技有限公司' },
  university: { weight: 3, uscc: '12', sectors: [3, 6], suffix: '大学' },
  research_institute: { weight: 8, uscc: '12', sectors: [1, 3], inCentre: 0.05, suffix: '研究院' },
  innovation_centre: { weight: 2, uscc: '52', sectors: [1, 3], inCentre: 1, suffix: '产业协同创新中心' },
  intl_st_org: { weight: 1, uscc: '51', sectors: [1, 2], suffix: '国际科技合作组织' },
  incubator: { weight: 60, sectors: [1, 2], inCentre: 0.1, suffix: '孵化器管理有限公司' },
  service_institution: {
    weight: 500,
    qualifies: true,
    sectors: [1, 2],
    inCentre: 0.05,
    suffix: '科技服务有限公司',
  },
  cluster_carrier: { weight: 2, qualifies: true, sectors: [1, 2], suffix: '产业园发展有限公司' },
};

const SECTOR_WEIGHT: Record<string, number> = {
  next_gen_it: 10,
  smart_terminals: 3,
  '6g': 1,
  xinchuang: 2,
  satellite_internet: 1.5,
  aerospace: 1.5,
  scientific_instruments: 2,
  high_end_equipment: 10,
  new_materials: 8,
  integrated_circuits: 4,
  biomedicine: 6,
  medical_devices: 4,
  ai: 6,
  brain_computer_interface: 0.5,
  new_energy: 6,
  tech_services: 8,
};

interface QualificationProfile {
  share: number;
  /** Validity in years; null = open-ended (statistics status such as 规上). */
  years: number | null;
  /** Growth tiers are exclusive: a firm is at most one of them at a time. */
  tier?: boolean;
  /** Re-certified after a lapse now and then: some holders also carry an earlier, expired period. */
  renewable?: boolean;
}
const DEFAULT_QUALIFICATION: QualificationProfile = { share: 0.01, years: 3 };
const QUALIFICATION_PROFILE: Record<string, QualificationProfile> = {
  high_tech: { share: 0.14, years: 3, renewable: true },
  tech_sme: { share: 0.22, years: 1 },
  specialised_sme: { share: 0.05, years: 3 },
  little_giant: { share: 0.012, years: 3 },
  above_designated_size: { share: 0.1, years: null },
  potential_gazelle: { share: 0.02, years: 2, tier: true },
  gazelle: { share: 0.006, years: 2, tier: true },
  potential_unicorn: { share: 0.0015, years: 2, tier: true },
  unicorn: { share: 0.0004, years: 2, tier: true },
  // Designated one by one by the district (链主), never drawn: left out of the draws below, so the
  // synthetic registry of a seed stays what it was before the code existed.
  chain_leader: { share: 0, years: null },
};

/** USCC characters 3–8 for a city with no division code in reference.yaml (e.g. abroad): Shanghai. */
const DEFAULT_DIVISION = '310000';

const NAME_WORDS =
  '华 新 创 博 远 恒 鼎 科 联 智 芯 源 泰 瑞 星 辰 云 海 峰 宇 宏 盛 达 润 安 和 明 德 信 诚 锐 拓 维 启 航 晟 睿 卓 越 光'.split(
    ' ',
  );

// ---------------------------------------------------------------------------------------------

/** Everything derived once from the reference data, so the row loop only indexes arrays. */
interface Plan {
  cityPicker: WeightedPicker;
  coreCity: number;
  originPicker: WeightedPicker;
  originCities: number[];
  kindPicker: WeightedPicker;
  kinds: KindProfile[];
  sectorPicker: WeightedPicker;
  qualifications: QualificationProfile[];
  nonTier: number[];
  tierPicker: WeightedPicker | null;
  tiers: number[];
  tierShare: number;
  /** licence index → sectors (bit mask over the first word) that make it likely. */
  licenceSectorMask: number[][];
  usccPrefix: Uint8Array[];
  division: Uint8Array[];
}

function bytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

function planOf(ref: Reference): Plan {
  const dict = dictionariesOf(ref);
  const roleTotals = new Map<string, number>();
  for (const c of ref.cities)
    roleTotals.set(c.role, (roleTotals.get(c.role) ?? 0) + (CITY_WEIGHT[c.code] ?? 1));
  const cityPicker = new WeightedPicker(
    ref.cities.map(
      (c) => ((ROLE_WEIGHT[c.role] ?? 0.01) * (CITY_WEIGHT[c.code] ?? 1)) / roleTotals.get(c.role)!,
    ),
  );
  const coreCity = Math.max(
    0,
    ref.cities.findIndex((c) => c.role === 'core'),
  );
  // Centres are set up by member and partner cities; 3% by other cities (outside 000's scope).
  const originCities: number[] = [];
  const originWeights: number[] = [];
  const otherTotal = ref.cities.filter((c) => c.role === 'other').length || 1;
  ref.cities.forEach((c, i) => {
    if (c.role === 'core') return;
    originCities.push(i);
    originWeights.push(c.role === 'other' ? 0.03 / otherTotal : (CITY_WEIGHT[c.code] ?? 1));
  });
  const kinds = dict.kinds.map((k) => ({ ...DEFAULT_KIND, ...KIND_PROFILE[k] }));
  const qualifications = dict.qualifications.map((q) => QUALIFICATION_PROFILE[q] ?? DEFAULT_QUALIFICATION);
  const tiers = qualifications.flatMap((q, i) => (q.tier ? [i] : []));
  const nonTier = qualifications.flatMap((q, i) => (q.tier || q.share === 0 ? [] : [i]));
  const tierShare = tiers.reduce((s, i) => s + qualifications[i]!.share, 0);
  const licenceSectorMask = dict.licences.map((l) => {
    const token = l.split('_')[0];
    return dict.sectors.flatMap((s, i) => (s.split('_')[0] === token ? [i] : []));
  });
  return {
    cityPicker,
    coreCity,
    originPicker: new WeightedPicker(originWeights.length ? originWeights : [1]),
    originCities: originCities.length ? originCities : [coreCity],
    kindPicker: new WeightedPicker(kinds.map((k) => k.weight)),
    kinds,
    sectorPicker: new WeightedPicker(dict.sectors.map((s) => SECTOR_WEIGHT[s] ?? 1)),
    qualifications,
    nonTier,
    tierPicker: tiers.length ? new WeightedPicker(tiers.map((i) => qualifications[i]!.share)) : null,
    tiers,
    tierShare,
    licenceSectorMask,
    usccPrefix: kinds.map((k) => bytes(k.uscc)),
    division: dict.cities.map((c) =>
      bytes(ref.cities.find((x) => x.code === c)?.division ?? DEFAULT_DIVISION),
    ),
  };
}

function hasBit(words: Uint32Array, wordsPerRow: number, row: number, bit: number): boolean {
  return ((words[row * wordsPerRow + (bit >>> 5)]! >>> (bit & 31)) & 1) === 1;
}

/**
 * Fills rows [start, end) of `reg`. Rows are independent, so chunks may be generated in any order
 * (or in parallel) with the same result.
 */
export function generateInto(
  reg: ColumnarRegistry,
  ref: Reference,
  opts: { seed: number; asOf?: IsoDate },
  start = 0,
  end = reg.size,
): void {
  const plan = planOf(ref);
  const asOf = dayNumber(opts.asOf ?? DEFAULT_REGISTRY_DATE);
  const rng = new Mulberry32(0);
  const seed = opts.seed >>> 0;
  const bodyOffset = mix32(seed, 0x5eed) % 100_000_000;
  const sectorCount = reg.dict.sectors.length;
  for (let row = start; row < end; row++) {
    rng.reseed(mix32(seed, row));
    const k = plan.kindPicker.pick(rng);
    const kind = plan.kinds[k]!;
    reg.kind[row] = k + 1;
    let city = plan.cityPicker.pick(rng);
    if (kind.inCentre >= 1) city = plan.coreCity;
    reg.city[row] = city + 1;
    reg.centreOriginCity[row] =
      city === plan.coreCity && kind.inCentre > 0 && rng.chance(kind.inCentre)
        ? plan.originCities[plan.originPicker.pick(rng)]! + 1
        : 0;

    if (sectorCount > 0) {
      const [lo, hi] = kind.sectors;
      const n = lo + rng.int(hi - lo + 1);
      for (let i = 0; i < n; i++) setBit(reg.sectors, reg.sectorWords, row, plan.sectorPicker.pick(rng));
    }

    if (kind.qualifies) generateQualifications(reg, plan, rng, row, asOf);

    for (let l = 0; l < plan.licenceSectorMask.length; l++) {
      const related = plan.licenceSectorMask[l]!.some((s) => hasBit(reg.sectors, reg.sectorWords, row, s));
      if (rng.chance(related ? 0.002 : 0.000002)) setBit(reg.licences, reg.licenceWords, row, l);
    }

    reg.nameSeed[row] = rng.nextU32();
    writeSyntheticUscc(reg, plan, row, k, city, bodyOffset);
  }
}

/** Last day of a validity of `years` starting on day `from` (the day before the anniversary). */
function lastDayOf(from: number, years: number): number {
  const d = new Date(from * 86_400_000);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return Math.round(d.getTime() / 86_400_000) - 1;
}

function generateQualifications(
  reg: ColumnarRegistry,
  plan: Plan,
  rng: Mulberry32,
  row: number,
  asOf: number,
) {
  const place = (q: number) => {
    const profile = plan.qualifications[q]!;
    if (profile.years === null) {
      const from = asOf - rng.int(3650);
      const to = rng.chance(0.9) ? OPEN_END : asOf - rng.int(365);
      addQualification(reg, row, q, from, Math.max(from, to));
      return;
    }
    const span = Math.round(profile.years * 365.25);
    // Certified some time in the last (validity + 1) years: most still valid, some expired.
    const from = asOf - rng.int(span + 365);
    addQualification(reg, row, q, from, lastDayOf(from, profile.years));
    // A few had an earlier period that lapsed before this one (a gap, then re-certification).
    if (profile.renewable && rng.chance(0.03)) {
      const earlierFrom = from - span - 30 - rng.int(365);
      addQualification(reg, row, q, earlierFrom, lastDayOf(earlierFrom, profile.years));
    }
  };
  for (const q of plan.nonTier) if (rng.chance(plan.qualifications[q]!.share)) place(q);
  if (plan.tierPicker && rng.chance(plan.tierShare)) place(plan.tiers[plan.tierPicker.pick(rng)]!);
}

/** GB 32100 layout: authority+category (2) · division (6) · organisation code (8 + GB 11714 check) · check. */
function writeSyntheticUscc(
  reg: ColumnarRegistry,
  plan: Plan,
  row: number,
  kind: number,
  city: number,
  offset: number,
) {
  const u = reg.uscc;
  const at = row * USCC_LENGTH;
  const prefix = plan.usccPrefix[kind]!;
  u[at] = prefix[0]!;
  u[at + 1] = prefix[1]!;
  const div = plan.division[city]!;
  for (let i = 0; i < 6; i++) u[at + 2 + i] = div[i]!;
  // 48271 is coprime to 10^8, so rows map one-to-one onto organisation code bodies: USCCs are unique.
  let body = (row * 48271 + offset) % 100_000_000;
  for (let i = 7; i >= 0; i--) {
    u[at + 8 + i] = 48 + (body % 10);
    body = Math.floor(body / 10);
  }
  u[at + 16] = orgCodeCheckCharCode(u, at + 8);
  u[at + 17] = usccCheckCharCode(u, at);
}

export function generateRegistry(ref: Reference, opts: GenerateOptions): ColumnarRegistry {
  const reg = allocateRegistry(dictionariesOf(ref), opts.count, { shared: opts.shared ?? false });
  generateInto(reg, ref, { seed: opts.seed, ...(opts.asOf ? { asOf: opts.asOf } : {}) });
  return reg;
}

const CITY_NAME = (ref: Reference) => ref.cities.map((c) => c.zh.replace(/（.*）/, ''));

/** A plausible Chinese organisation name from a row's seed, city and kind (not guaranteed unique). */
export function syntheticNamer(ref: Reference): (reg: ColumnarRegistry, row: number) => string {
  const cities = CITY_NAME(ref);
  const suffixes = ref.orgKinds.map((k) => ({ ...DEFAULT_KIND, ...KIND_PROFILE[k.code] }).suffix);
  const w = NAME_WORDS.length;
  return (reg, row) => {
    const given = reg.names?.[row];
    if (given !== undefined) return given;
    const s = reg.nameSeed[row]!;
    const city = cities[reg.city[row]! - 1] ?? '';
    return `${city}${NAME_WORDS[s % w]}${NAME_WORDS[(s >>> 8) % w]}${NAME_WORDS[(s >>> 16) % w]}${suffixes[reg.kind[row]! - 1] ?? ''}`;
  };
}

export type RegistryFileFormat = 'ndjson' | 'csv';

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

export const CSV_HEADER = 'uscc,name,kind,city,centre_origin_city,sectors,licences,qualifications';

/**
 * Writes the registry to a file. NDJSON lines are applicant profiles exactly as `ceyuan calc` takes
 * them (plus name and USCC). CSV joins sets with ';' and qualifications as code:from:to.
 */
export function writeRegistryFile(
  reg: ColumnarRegistry,
  ref: Reference,
  path: string,
  format: RegistryFileFormat,
  onProgress?: (done: number) => void,
): number {
  const name = syntheticNamer(ref);
  const fd = openSync(path, 'w');
  let written = 0;
  try {
    const CHUNK = 20_000;
    if (format === 'csv') written += writeSync(fd, `${CSV_HEADER}\n`);
    for (let start = 0; start < reg.size; start += CHUNK) {
      const end = Math.min(reg.size, start + CHUNK);
      const lines: string[] = [];
      for (let row = start; row < end; row++) {
        const a = toApplicant(reg, row, name(reg, row));
        if (format === 'ndjson') {
          lines.push(JSON.stringify(a));
        } else {
          lines.push(
            [
              a.uscc ?? '',
              csvCell(a.name ?? ''),
              a.kind,
              a.city,
              a.centreOriginCity ?? '',
              a.sectors.join(';'),
              a.licences.join(';'),
              a.qualifications.map((q) => `${q.code}:${q.from}:${q.to ?? ''}`).join(';'),
            ].join(','),
          );
        }
      }
      written += writeSync(fd, `${lines.join('\n')}\n`);
      onProgress?.(end);
    }
  } finally {
    closeSync(fd);
  }
  return written;
}
