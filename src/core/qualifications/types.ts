/**
 * The qualification policy after loading (policies/qualifications.yaml): kinds, their levels and
 * grades, criteria with their sources, and ladders. Money in fen, ratios in basis points.
 */
import type { Text } from '../text.ts';
import type { MetricCode } from './metrics.ts';

export type Level = 'national' | 'municipal' | 'district';
export const LEVELS: readonly Level[] = ['national', 'municipal', 'district'];

export interface RuleSource {
  id: string;
  title: Text;
  number: string | null;
  issuer: string[];
  /** Path under policies/ of the text the quotes are checked against. */
  file: string;
}

export interface Citation {
  source: string;
  article?: string | undefined;
  quote: string;
}

/** Who sets a local threshold (shown as “待<setBy>设定” until set). */
export interface ParameterSpec {
  setBy: Text;
}

export type Op = 'gte' | 'gt' | 'lte' | 'lt';

/** A threshold printed by a public rule, in the metric's unit (fen, basis points, count, years). */
export interface PrintedThreshold {
  value: number;
  printed: string;
}

export interface Band {
  /** Upper bound of the band variable, included (“（含）”); null for the last band. */
  upTo: number | null;
  boundPrinted: string | null;
  value: number;
  printed: string;
  quote: string;
}

export type CriterionRule =
  | { kind: 'threshold'; metric: MetricCode; op: Op; threshold: PrintedThreshold; citation: Citation }
  | {
      kind: 'banded';
      metric: MetricCode;
      op: Op;
      by: MetricCode;
      bands: Band[];
      citation: Citation;
    }
  | { kind: 'parameter'; metric: MetricCode; op: Op; parameter: ParameterSpec }
  | { kind: 'judgement'; citation: Citation | null; local: Text | null };

export interface Criterion {
  id: string;
  label: Text;
  rule: CriterionRule;
}

export interface Grade {
  code: string;
  label: Text;
  /** Other spellings an import may use (培育, 正式). */
  aliases: string[];
}

export type Validity =
  | { kind: 'years'; years: number; citation: Citation; printed: string }
  | { kind: 'parameter'; parameter: ParameterSpec; note: Text | null };

export interface Kind {
  code: string;
  label: Text;
  levels: Level[];
  levelNames: Partial<Record<Level, Text>>;
  grades: Grade[];
  issuer: Text | null;
  why: Citation | null;
  validity: Validity;
  revocation: Citation | null;
  criteria: Criterion[];
}

/** One step of a ladder: a kind, optionally only at a grade or a level. */
export interface Step {
  kind: string;
  grade: string | null;
  level: Level | null;
  /** "high_tech", "little_giant:formal", "specialised_sme@national". */
  key: string;
  label: Text;
}

export interface Ladder {
  id: string;
  label: Text;
  exclusive: boolean;
  steps: Step[];
  citation: Citation;
}

export interface QualificationPolicy {
  version: string;
  sources: Map<string, RuleSource>;
  levels: { code: Level; label: Text }[];
  kinds: Kind[];
  byCode: Map<string, Kind>;
  ladders: Ladder[];
  reminderDays: number[];
}
