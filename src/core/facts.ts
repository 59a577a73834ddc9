/**
 * The facts a condition can test, and how to read each from an applicant and a matter. Conditions in
 * the policy files name these facts; the screening compilers map the same names to columns.
 */
import type { Reference } from './catalogue/types.ts';
import type { IsoDate } from './dates.ts';
import type { Applicant, Matter } from './input.ts';
import type { Text } from './text.ts';

export type FactType = 'enum' | 'set' | 'qualifications' | 'number' | 'money' | 'boolean';
export type Domain =
  | 'cities'
  | 'orgKinds'
  | 'sectors'
  | 'qualifications'
  | 'licences'
  | 'claims'
  | 'challengeLists';

export interface FactContext {
  applicant: Applicant;
  matter: Matter | null;
  date: IsoDate;
  /**
   * The first day of the measure's document window (its adoption, for a simulated draft): what
   * "首次达标" in the policy's time is measured from. Absent or null: no lower bound.
   */
  windowFrom?: IsoDate | null;
}

export interface FactDef {
  name: string;
  scope: 'applicant' | 'matter';
  type: FactType;
  domain?: Domain;
  label: Text;
  read(ctx: FactContext): unknown;
}

function def(f: FactDef): [string, FactDef] {
  return [f.name, f];
}

/** Cities a matter spans: the applicant's own, its partners' and any it names. */
export function matterCities(applicant: Applicant, matter: Matter): string[] {
  return [...new Set([applicant.city, ...matter.cities, ...matter.partners.map((p) => p.city)])];
}

/** Partner kinds that are "高校、科研院所" (universities and research institutes). */
export const ACADEMIC_KINDS: readonly string[] = ['university', 'research_institute'];

/**
 * Qualifications first reached inside [from, date]: the earliest start of any holding of the code
 * (the date it was reached for the first time) falls in the window. `from` null: on or before `date`.
 */
export function firstReachedWithin(applicant: Applicant, from: IsoDate | null, date: IsoDate): string[] {
  const first = new Map<string, string>();
  for (const q of applicant.qualifications) {
    const seen = first.get(q.code);
    if (seen === undefined || q.from < seen) first.set(q.code, q.from);
  }
  return [...first].filter(([, d]) => (from === null || d >= from) && d <= date).map(([code]) => code);
}

/** Qualifications held on a date. */
export function qualificationsOn(applicant: Applicant, date: IsoDate): string[] {
  return applicant.qualifications.filter((q) => q.from <= date && (!q.to || date <= q.to)).map((q) => q.code);
}

export function factRegistry(ref: Reference): ReadonlyMap<string, FactDef> {
  const figures = ref.figures.map((f) =>
    def({
      name: `matter.figures.${f.code}`,
      scope: 'matter',
      type: 'money',
      label: { zh: f.zh, en: f.en },
      read: ({ matter }) => matter?.figures[f.code] ?? null,
    }),
  );
  return new Map([
    def({
      name: 'applicant.kind',
      scope: 'applicant',
      type: 'enum',
      domain: 'orgKinds',
      label: { zh: '申请主体类型', en: 'applicant kind' },
      read: (c) => c.applicant.kind,
    }),
    def({
      name: 'applicant.city',
      scope: 'applicant',
      type: 'enum',
      domain: 'cities',
      label: { zh: '申请主体所在城市', en: 'applicant city' },
      read: (c) => c.applicant.city,
    }),
    def({
      name: 'applicant.centreOriginCity',
      scope: 'applicant',
      type: 'enum',
      domain: 'cities',
      label: {
        zh: '所属产业协同创新中心的设立城市',
        en: 'origin city of its collaborative innovation centre',
      },
      read: (c) => c.applicant.centreOriginCity ?? null,
    }),
    def({
      name: 'applicant.sectors',
      scope: 'applicant',
      type: 'set',
      domain: 'sectors',
      label: { zh: '申请主体所属领域', en: 'applicant sectors' },
      read: (c) => c.applicant.sectors,
    }),
    def({
      name: 'applicant.qualifications',
      scope: 'applicant',
      type: 'qualifications',
      domain: 'qualifications',
      label: { zh: '有效资质', en: 'qualifications held' },
      read: (c) => qualificationsOn(c.applicant, c.date),
    }),
    def({
      name: 'applicant.firstReached',
      scope: 'applicant',
      type: 'set',
      domain: 'qualifications',
      label: {
        zh: '在政策有效期内首次达到的资质或层级',
        en: 'qualifications first reached while the policy is in force',
      },
      read: (c) => firstReachedWithin(c.applicant, c.windowFrom ?? null, c.date),
    }),
    def({
      name: 'applicant.licences',
      scope: 'applicant',
      type: 'set',
      domain: 'licences',
      label: { zh: '经营许可', en: 'licences' },
      read: (c) => c.applicant.licences,
    }),
    def({
      name: 'matter.sector',
      scope: 'matter',
      type: 'enum',
      domain: 'sectors',
      label: { zh: '项目所属领域', en: 'project sector' },
      read: (c) => c.matter?.sector ?? null,
    }),
    def({
      name: 'matter.partnerKinds',
      scope: 'matter',
      type: 'set',
      domain: 'orgKinds',
      label: { zh: '合作单位类型', en: 'partner kinds' },
      read: (c) => [...new Set(c.matter?.partners.map((p) => p.kind) ?? [])],
    }),
    def({
      name: 'matter.partnerCities',
      scope: 'matter',
      type: 'set',
      domain: 'cities',
      label: { zh: '合作单位所在城市', en: 'partner cities' },
      read: (c) => [...new Set(c.matter?.partners.map((p) => p.city) ?? [])],
    }),
    def({
      name: 'matter.academicPartnerCities',
      scope: 'matter',
      type: 'set',
      domain: 'cities',
      label: { zh: '合作高校、科研院所所在城市', en: 'cities of the partner universities and institutes' },
      read: (c) => [
        ...new Set(
          c.matter?.partners.filter((p) => ACADEMIC_KINDS.includes(p.kind)).map((p) => p.city) ?? [],
        ),
      ],
    }),
    def({
      name: 'matter.cities',
      scope: 'matter',
      type: 'set',
      domain: 'cities',
      label: {
        zh: '项目涉及城市（含申请主体及合作单位所在城市）',
        en: 'cities the project spans (the applicant’s and partners’ included)',
      },
      read: (c) => (c.matter ? matterCities(c.applicant, c.matter) : []),
    }),
    def({
      name: 'matter.cityCount',
      scope: 'matter',
      type: 'number',
      label: { zh: '项目涉及城市数', en: 'number of cities the project spans' },
      read: (c) => (c.matter ? matterCities(c.applicant, c.matter).length : null),
    }),
    def({
      name: 'matter.challengeLists',
      scope: 'matter',
      type: 'set',
      domain: 'challengeLists',
      label: { zh: '项目所在的攻关榜单', en: 'challenge lists the project is on' },
      read: (c) => c.matter?.challengeLists ?? [],
    }),
    def({
      name: 'matter.inInnovationProductCatalogue',
      scope: 'matter',
      type: 'boolean',
      label: {
        zh: '产品纳入市级创新产品推荐目录',
        en: 'product is in the municipal innovation product catalogue',
      },
      read: (c) => c.matter?.inInnovationProductCatalogue ?? false,
    }),
    def({
      name: 'matter.claims',
      scope: 'matter',
      type: 'set',
      domain: 'claims',
      label: { zh: '申请人陈述（需审核认定）', en: 'applicant claims (reviewer to confirm)' },
      read: (c) => c.matter?.claims ?? [],
    }),
    def({
      name: 'matter.leaseYears',
      scope: 'matter',
      type: 'number',
      label: { zh: '出让年限（年）', en: 'lease term (years)' },
      read: (c) => c.matter?.leaseYears ?? null,
    }),
    ...figures,
  ]);
}
