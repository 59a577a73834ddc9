/**
 * The self-check form's state: what a person types (amounts as the decimal strings they typed),
 * kept in sessionStorage for this tab, and filled from a worked example or the registry record.
 */
import { fenToInput, type MoneyUnit } from '../../../core/money.ts';
import type { OrganisationRecord } from '../../../storage/repositories/organisations.ts';
import { todayShanghai } from '../../format.ts';
import type { CalcInputLike } from '../measure.tsx';

export interface QualificationRow {
  code: string;
  from: string;
  to: string;
}
export interface PartnerRow {
  kind: string;
  city: string;
  name: string;
}

export interface CheckForm {
  applicant: {
    name: string;
    uscc: string;
    kind: string;
    city: string;
    centreOriginCity: string;
    sectors: string[];
    qualifications: QualificationRow[];
    licences: string[];
  };
  matter: {
    /** The applicant's own project reference: becomes matter.id, so 不重复 can tell projects apart. */
    ref: string;
    /** The project's name: the application's title when applying. */
    name: string;
    type: string;
    date: string;
    sector: string;
    cities: string[];
    partners: PartnerRow[];
    /** The challenge lists (揭榜挂帅) the project is on: each measure pays only for its own list. */
    challengeLists: string[];
    inInnovationProductCatalogue: boolean;
    claims: string[];
    leaseYears: string;
    figures: Record<string, string>;
  };
  unit: MoneyUnit;
  asOf: string;
  simulate: boolean;
  simulateDate: string;
}

export function emptyForm(): CheckForm {
  const today = todayShanghai();
  return {
    applicant: {
      name: '',
      uscc: '',
      kind: 'enterprise',
      city: 'songjiang',
      centreOriginCity: '',
      sectors: [],
      qualifications: [],
      licences: [],
    },
    matter: {
      ref: '',
      name: '',
      type: '',
      date: today,
      sector: '',
      cities: [],
      partners: [],
      challengeLists: [],
      inInnovationProductCatalogue: false,
      claims: [],
      leaseYears: '',
      figures: {},
    },
    unit: 'wan',
    asOf: today,
    simulate: false,
    simulateDate: today,
  };
}

const STORAGE_KEY = 'ceyuan.selfcheck';

/** What this tab last typed, on top of an empty form (so fields added since are filled in). */
export function loadStored(): CheckForm | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const f = JSON.parse(raw) as CheckForm;
    const base = emptyForm();
    return {
      ...base,
      ...f,
      applicant: { ...base.applicant, ...f.applicant },
      matter: { ...base.matter, ...f.matter },
    };
  } catch {
    return null;
  }
}

export function store(form: CheckForm): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(form));
  } catch {
    // Storage unavailable: the form still works, it is just not remembered.
  }
}

/** A worked example (or any calculator input) back into the form. */
export function formFromInput(input: CalcInputLike, unit: MoneyUnit = 'wan'): CheckForm {
  const f = emptyForm();
  const a = input.applicant as Record<string, unknown>;
  const m = (input.matters[0] ?? null) as Record<string, unknown> | null;
  f.unit = unit;
  f.applicant = {
    ...f.applicant,
    name: String(a.name ?? ''),
    uscc: String(a.uscc ?? ''),
    kind: String(a.kind ?? 'enterprise'),
    city: String(a.city ?? 'songjiang'),
    centreOriginCity: String(a.centreOriginCity ?? ''),
    sectors: (a.sectors as string[]) ?? [],
    qualifications: ((a.qualifications as { code: string; from: string; to?: string | null }[]) ?? []).map(
      (q) => ({
        code: q.code,
        from: q.from,
        to: q.to ?? '',
      }),
    ),
    licences: (a.licences as string[]) ?? [],
  };
  if (m) {
    const figures: Record<string, string> = {};
    for (const [k, v] of Object.entries((m.figures as Record<string, number>) ?? {}))
      figures[k] = fenToInput(v, unit);
    f.matter = {
      ...f.matter,
      ref: m.id && m.id !== 'example' ? String(m.id) : '',
      name: '',
      type: String(m.type ?? ''),
      date: String(m.date ?? f.matter.date),
      sector: String(m.sector ?? ''),
      cities: (m.cities as string[]) ?? [],
      partners: ((m.partners as PartnerRow[]) ?? []).map((p) => ({
        kind: p.kind,
        city: p.city,
        name: p.name ?? '',
      })),
      challengeLists: (m.challengeLists as string[]) ?? [],
      inInnovationProductCatalogue: Boolean(m.inInnovationProductCatalogue),
      claims: (m.claims as string[]) ?? [],
      leaseYears: m.leaseYears !== undefined ? String(m.leaseYears) : '',
      figures,
    };
  }
  if (input.asOf) f.asOf = input.asOf;
  const adopt = input.simulate?.adopt ?? {};
  if (adopt['001']) {
    f.simulate = true;
    f.simulateDate = adopt['001'];
  }
  return f;
}

/** The organisation part of the form from the registry record (GET /api/organisations/:id). */
export function formFromOrganisation(o: OrganisationRecord): CheckForm {
  const f = emptyForm();
  f.applicant = {
    name: o.name,
    uscc: o.uscc,
    kind: o.kind,
    city: o.city,
    centreOriginCity: o.centreOriginCity ?? '',
    sectors: o.sectors ?? [],
    qualifications: (o.qualifications ?? []).map((q) => ({ code: q.code, from: q.from, to: q.to ?? '' })),
    licences: o.licences ?? [],
  };
  return f;
}
