/** Row types of the plan-monitoring tables (migration 0012_plan). */
import type { ColumnType, Selectable } from 'kysely';
import type { DateString, Timestamp } from './registry.ts';

/** numeric: read as the exact decimal text PostgreSQL sends, written as a number. */
export type Decimal = ColumnType<string, number, number>;
export type NullableDecimal = ColumnType<string | null, number | null, number | null>;

export type ObservationChannel = 'manual' | 'import' | 'api' | 'demo';

export interface PlanObservationsTable {
  id: string;
  target_id: string;
  period: string;
  revision: number;
  value: NullableDecimal;
  assessment: string | null;
  withdrawn: ColumnType<boolean, boolean | undefined, never>;
  source: string;
  comment: ColumnType<string, string | undefined, never>;
  reason: string | null;
  channel: ObservationChannel;
  is_demo: ColumnType<boolean, boolean | undefined, never>;
  import_file: string | null;
  recorded_by: string | null;
  recorded_by_name: string;
  recorded_at: Timestamp;
}

export interface PlanTargetSettingsTable {
  target_id: string;
  department: string | null;
  band_tolerance: NullableDecimal;
  updated_by: string;
  updated_at: Timestamp;
}

export interface PlanTargetStateTable {
  target_id: string;
  status: string;
  as_of: DateString;
  latest_period: string | null;
  updated_at: Timestamp;
}

export interface PlanTables {
  plan_observations: PlanObservationsTable;
  plan_target_settings: PlanTargetSettingsTable;
  plan_target_state: PlanTargetStateTable;
}

export type PlanObservationRow = Selectable<PlanObservationsTable>;
export type PlanSettingsRow = Selectable<PlanTargetSettingsTable>;
export type PlanStateRow = Selectable<PlanTargetStateTable>;
