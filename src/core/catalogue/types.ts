/** The catalogue after loading: amounts in fen, rates in basis points, references resolved. */
import type { IsoDate } from '../dates.ts';
import type { BasisPoints, Fen } from '../money.ts';
import type { Text } from '../text.ts';

export type DocumentStatus = 'in_force' | 'draft' | 'plan';
export type Period = 'per_matter' | 'once' | 'annual' | 'cumulative';

/** What every benefit with money carries besides its amounts. */
interface MoneyShape {
  period: Period;
  /** 一次性: once anything was granted for the matter (or the entity), nothing more is offered. */
  oneOff: boolean;
  /** The words printing the numbers and shape, verbatim from the source (linted by `catalogue check`). */
  quote?: string;
}

export type Benefit =
  | (MoneyShape & {
      kind: 'rate_cap';
      base: string;
      rate: BasisPoints;
      cap: Fen;
      periodYears?: number;
      staged: boolean;
    })
  | (MoneyShape & { kind: 'upper_bound'; cap: Fen; periodYears?: number; staged: boolean })
  | (MoneyShape & { kind: 'fixed'; amount: Fen; staged: boolean })
  | (MoneyShape & { kind: 'tiered_pending'; cap: Fen; staged: boolean; pending: Text })
  | (MoneyShape & { kind: 'unspecified'; pending: Text })
  | { kind: 'service' }
  | { kind: 'constraint' };

export type MonetaryBenefit = Exclude<Benefit, { kind: 'service' } | { kind: 'constraint' }>;

export type Operator =
  | 'eq'
  | 'ne'
  | 'in'
  | 'notIn'
  | 'gte'
  | 'gt'
  | 'lte'
  | 'lt'
  | 'has'
  | 'hasAny'
  | 'allIn'
  | 'present';
export type Scalar = string | number | boolean;

export interface Leaf {
  fact: string;
  op: Operator;
  /** Resolved: a `ref` to a named set becomes the list of its codes. */
  value: Scalar | Scalar[] | null;
  /** The named set the value came from, kept for explanations and SQL. */
  ref?: string;
  /**
   * Members of the named set that count only from a date (a partner city added to an open list):
   * code → first day. `leafOn(leaf, date)` drops those not yet in force.
   */
  since?: Readonly<Record<string, string>>;
  label: Text;
  /** The clause's words this condition implements (verbatim). */
  quote?: string;
  /** Id of the measure's reading that explains it. */
  reading?: string;
}

export type Condition = Leaf | { all: Condition[] } | { any: Condition[] } | { not: Condition };

export interface Validity {
  /** null for a draft that has not been adopted. */
  from: IsoDate | null;
  to: IsoDate | null;
  /** A draft's length once adopted. */
  years?: number;
  quote: string;
}

export interface DocumentInfo {
  code: string;
  number: string | null;
  title: Text;
  issuer: string[];
  issued: IsoDate | null;
  status: DocumentStatus;
  source: string;
  validity: Validity;
  applicabilityQuote?: string;
  /** Readings of the applicability clause (every measure of the document lists them too). */
  applicabilityReadings?: Reading[];
  overlapRuleQuote?: string;
}

export interface Example {
  title: Text;
  applicant: Record<string, unknown>;
  matter?: Record<string, unknown>;
  history?: Record<string, unknown>[];
  asOf?: IsoDate;
  simulate?: Record<string, IsoDate>;
  expect: { eligible: boolean; minWan?: number; maxWan?: number };
}

/** A reading the catalogue made of the clause, tied to the words it reads. */
export interface Reading {
  id: string;
  quote: string;
  zh: string;
  en: string;
}

/** Measures of different matter types that one project can fall into (policies/overlaps.yaml). */
export interface OverlapLink {
  id: string;
  measures: string[];
  title: Text;
  reading: Text;
}

export interface Measure {
  id: string;
  document: DocumentInfo;
  title: Text;
  quote: string;
  matterType: string | null;
  /** Applicant conditions, the document's applicability included. Screening runs these alone. */
  applicant: Condition[];
  matter: Condition[];
  benefit: Benefit;
  overlapGroup: string | null;
  tags: string[];
  readings: Reading[];
  /** The readings as one paragraph per language (what older screens show as "notes"). */
  notes?: Text;
  example?: Example;
}

export interface Labelled {
  code: string;
  zh: string;
  en: string;
}

export interface Reference {
  /** `division`: the GB/T 2260 code a USCC carries for the city (none for places abroad). */
  cities: (Labelled & {
    role: 'core' | 'member' | 'partner' | 'other';
    division?: string;
    partnerSince?: string;
  })[];
  /** `since`: members that count only from a date; `openNote`: what to tell a city not on an open list. */
  citySets: Record<
    string,
    { zh: string; en: string; codes: string[]; since: Record<string, string>; openNote?: Text }
  >;
  orgKinds: Labelled[];
  sectors: Labelled[];
  qualifications: Labelled[];
  licences: Labelled[];
  figures: Labelled[];
  matterTypes: Labelled[];
  claims: Labelled[];
  challengeLists: Labelled[];
}

export interface Catalogue {
  /** Content hash of everything loaded: stored with every result so a decision can be reproduced. */
  version: string;
  reference: Reference;
  documents: DocumentInfo[];
  measures: Measure[];
  byId: ReadonlyMap<string, Measure>;
  overlapLinks: OverlapLink[];
}

export function isMonetary(benefit: Benefit): benefit is MonetaryBenefit {
  return benefit.kind !== 'service' && benefit.kind !== 'constraint';
}
