/**
 * The self-check form: what a person types (amounts as the text typed with its unit, dates as
 * YYYY-MM-DD), the zod schema that checks it in the browser and turns it into the calculator's input
 * (POST /api/calc, whose own schema is src/core/input.ts), and where the API's issues land in it.
 * Kept in sessionStorage for the tab; filled from a worked example or the registry record.
 */
import { z } from 'zod';
import type { MoneyUnit } from '../../../core/money.ts';
import type { OrganisationRecord } from '../../../storage/repositories/organisations.ts';
import { type MoneyValue, moneyValue, optionalMoneyField } from '../../components/money.tsx';
import { isIsoDate } from '../../format.ts';
import { translate } from '../../i18n/index.ts';
import { serverToday } from '../../today.ts';
import type { CalcInputLike } from '../catalogue/measure.tsx';

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
    /** '' until chosen; 'none' to check the organisation alone. */
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
    figures: Record<string, MoneyValue | null | undefined>;
  };
  asOf: string;
  simulate: boolean;
  simulateDate: string;
}

export const NO_MATTER = 'none';

/** An empty form on `today` (the server's date once known: src/web/today.ts). */
export function emptyForm(today: string = serverToday()): CheckForm {
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
    asOf: today,
    simulate: false,
    simulateDate: today,
  };
}

const STORAGE_KEY = 'ceyuan.selfcheck.v2';

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
  f.applicant = {
    ...f.applicant,
    name: String(a.name ?? ''),
    uscc: String(a.uscc ?? ''),
    kind: String(a.kind ?? 'enterprise'),
    city: String(a.city ?? 'songjiang'),
    centreOriginCity: String(a.centreOriginCity ?? ''),
    sectors: (a.sectors as string[]) ?? [],
    qualifications: ((a.qualifications as { code: string; from: string; to?: string | null }[]) ?? []).map(
      (q) => ({ code: q.code, from: q.from, to: q.to ?? '' }),
    ),
    licences: (a.licences as string[]) ?? [],
  };
  if (m) {
    const figures: Record<string, MoneyValue> = {};
    for (const [k, v] of Object.entries((m.figures as Record<string, number>) ?? {}))
      figures[k] = moneyValue(v, unit);
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
  } else {
    f.matter.type = NO_MATTER;
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
export function formFromOrganisation(o: OrganisationRecord): CheckForm['applicant'] {
  return {
    name: o.name,
    uscc: o.uscc,
    kind: o.kind,
    city: o.city,
    centreOriginCity: o.centreOriginCity ?? '',
    sectors: o.sectors ?? [],
    qualifications: (o.qualifications ?? []).map((q) => ({ code: q.code, from: q.from, to: q.to ?? '' })),
    licences: o.licences ?? [],
  };
}

const dateText = (required: boolean) =>
  z
    .string()
    .trim()
    .refine((v) => (v === '' ? !required : isIsoDate(v)), { error: () => translate('check.date.format') });

/** What the browser checks before asking the calculator; the calculator's schema checks the rest. */
export const checkFormSchema = z
  .object({
    applicant: z.object({
      name: z.string().trim().max(200),
      uscc: z.string().trim().max(18),
      kind: z.string().min(1),
      city: z.string().min(1),
      centreOriginCity: z.string(),
      sectors: z.array(z.string()),
      qualifications: z.array(
        z.object({ code: z.string().min(1), from: dateText(true), to: dateText(false) }),
      ),
      licences: z.array(z.string()),
    }),
    matter: z.object({
      ref: z.string().trim().max(100),
      name: z.string().trim().max(200),
      type: z.string().min(1, { error: () => translate('check.matterTypeRequired') }),
      date: dateText(false),
      sector: z.string(),
      cities: z.array(z.string()),
      partners: z.array(
        z.object({ kind: z.string().min(1), city: z.string().min(1), name: z.string().trim().max(200) }),
      ),
      challengeLists: z.array(z.string()),
      inInnovationProductCatalogue: z.boolean(),
      claims: z.array(z.string()),
      leaseYears: z
        .string()
        .trim()
        .regex(/^\d{0,3}$/, { error: () => translate('check.leaseYears.format') }),
      figures: z.record(z.string(), optionalMoneyField),
    }),
    asOf: dateText(false),
    simulate: z.boolean(),
    simulateDate: z.string(),
  })
  .superRefine((f, ctx) => {
    if (f.simulate && !isIsoDate(f.simulateDate))
      ctx.addIssue({ code: 'custom', path: ['simulateDate'], message: translate('check.date.format') });
  });

export type CheckValues = z.output<typeof checkFormSchema>;

/** The calculator input for checked values. */
export function toCalcInput(f: CheckValues, draftCode = '001') {
  const a = f.applicant;
  const m = f.matter;
  const figures: Record<string, number> = {};
  for (const [code, fen] of Object.entries(m.figures)) if (fen !== null) figures[code] = fen;
  const matter =
    m.type && m.type !== NO_MATTER
      ? {
          ...(m.ref ? { id: m.ref } : {}),
          type: m.type,
          ...(m.date ? { date: m.date } : {}),
          ...(m.sector ? { sector: m.sector } : {}),
          cities: m.cities,
          partners: m.partners.map((p) => ({
            kind: p.kind,
            city: p.city,
            ...(p.name ? { name: p.name } : {}),
          })),
          challengeLists: m.challengeLists,
          inInnovationProductCatalogue: m.inInnovationProductCatalogue,
          claims: m.claims,
          ...(m.leaseYears ? { leaseYears: Number(m.leaseYears) } : {}),
          figures,
        }
      : null;
  return {
    applicant: {
      ...(a.name ? { name: a.name } : {}),
      ...(a.uscc ? { uscc: a.uscc } : {}),
      kind: a.kind,
      city: a.city,
      centreOriginCity: a.centreOriginCity || null,
      sectors: a.sectors,
      qualifications: a.qualifications.map((q) => ({ code: q.code, from: q.from, to: q.to || null })),
      licences: a.licences,
    },
    matters: matter ? [matter] : [],
    ...(f.asOf ? { asOf: f.asOf } : {}),
    simulate: { adopt: f.simulate && f.simulateDate ? { [draftCode]: f.simulateDate } : {} },
  };
}

export type CalcRequest = ReturnType<typeof toCalcInput>;

/** Where an issue of the calculator's input (`matters.0.figures.bidAmount`) is shown in this form. */
export function formPath(apiPath: string): string {
  if (apiPath === 'title') return 'matter.name';
  if (apiPath === 'matters.0.id') return 'matter.ref';
  if (apiPath.startsWith('matters.0.')) return `matter.${apiPath.slice('matters.0.'.length)}`;
  if (apiPath.startsWith('simulate.adopt.')) return 'simulateDate';
  return apiPath;
}
