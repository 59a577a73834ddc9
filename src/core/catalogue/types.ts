/** The catalogue after loading: amounts in fen, rates in basis points, references resolved. */
import type { IsoDate } from '../dates.ts';
import type { BasisPoints, Fen } from '../money.ts';
import type { Text } from '../text.ts';

export type DocumentStatus = 'in_force' | 'draft' | 'plan';
export type Period = 'per_matter' | 'once' | 'annual' | 'cumulative';

export type Benefit =
  | {
      kind: 'rate_cap';
      base: string;
      rate: BasisPoints;
      cap: Fen;
      period: Period;
      periodYears?: number;
      staged: boolean;
    }
  | { kind: 'upper_bound'; cap: Fen; period: Period; periodYears?: number; staged: boolean }
  | { kind: 'fixed'; amount: Fen; period: Period; staged: boolean }
  | { kind: 'tiered_pending'; cap: Fen; period: Period; staged: boolean; pending: Text }
  | { kind: 'unspecified'; period: Period; pending: Text }
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
  | 'present';
export type Scalar = string | number | boolean;

export interface Leaf {
  fact: string;
  op: Operator;
  /** Resolved: a `ref` to a named set becomes the list of its codes. */
  value: Scalar | Scalar[] | null;
  /** The named set the value came from, kept for explanations and SQL. */
  ref?: string;
  label: Text;
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
  cities: (Labelled & { role: 'core' | 'member' | 'partner' | 'other'; division?: string })[];
  citySets: Record<string, { zh: string; en: string; codes: string[] }>;
  orgKinds: Labelled[];
  sectors: Labelled[];
  qualifications: Labelled[];
  licences: Labelled[];
  figures: Labelled[];
  matterTypes: Labelled[];
  claims: Labelled[];
}

export interface Catalogue {
  /** Content hash of everything loaded: stored with every result so a decision can be reproduced. */
  version: string;
  reference: Reference;
  documents: DocumentInfo[];
  measures: Measure[];
  byId: ReadonlyMap<string, Measure>;
}

export function isMonetary(benefit: Benefit): benefit is MonetaryBenefit {
  return benefit.kind !== 'service' && benefit.kind !== 'constraint';
}
