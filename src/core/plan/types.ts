/** The plan as the rest of the platform sees it, after validation (src/core/plan/build.ts). */
import type { Text } from '../text.ts';
import type { Comparison, DerivedSource, Frequency, Qualifier, TargetKind } from './schema.ts';

export type { Comparison, DerivedSource, Frequency, Qualifier, TargetKind } from './schema.ts';

export interface Unit {
  zh: string;
  en: string;
  decimals: number;
}

export type Baseline =
  | { status: 'given'; value: number; period: string; quote: string }
  /** 待补录: the text prints no starting figure; an officer enters it, nobody guesses it. */
  | { status: 'missing' }
  /** 不适用: an annual flow, a five-year sum (starts from zero by definition) or a qualitative target. */
  | { status: 'not_applicable' };

export interface Derived {
  source: DerivedSource;
  codes: string[];
  city: string | null;
  label: Text;
}

export interface PlanTarget {
  id: string;
  section: string;
  title: Text;
  quote: string;
  kind: TargetKind;
  direction: 'increase' | 'decrease' | 'maintain' | null;
  unit: Unit | null;
  target: { value: number; comparison: Comparison } | null;
  /** 左右: half-width of the band; null until set (the text gives none). */
  band: { tolerance: number | null } | null;
  baseline: Baseline;
  department: string;
  reporting: { frequency: Frequency; dueDays: number };
  measures: string[];
  derived: Derived | null;
}

export interface PlanFigure {
  id: string;
  title: Text;
  quote: string;
  value: number | null;
  qualifier: Qualifier;
  unit: Unit;
  print: string | null;
  relatedTargets: string[];
}

export interface PlanIndicator extends PlanFigure {
  section: string;
  derived: Derived | null;
}

export interface ContextFigure extends PlanFigure {
  value: number;
  /** The source text under policies/sources/ (004 for the article). */
  source: string;
}

export interface PlanDocument {
  code: string;
  number: string;
  title: Text;
  source: string;
  issued: string;
  targetYear: number;
  planPeriod: { from: number; to: number };
  baselinePeriod: { from: number; to: number };
  monitoringQuote: string;
  notes: { department: Text; reporting: Text };
}

export interface Plan {
  /** Hash of the file's bytes: any edit gives a new version. */
  version: string;
  file: string;
  document: PlanDocument;
  targets: PlanTarget[];
  indicators: PlanIndicator[];
  context: ContextFigure[];
}
