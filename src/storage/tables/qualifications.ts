/** Row types of the qualification ledger's own tables (migration 0014_qualifications). */
import type { ColumnType, Generated } from 'kysely';
import type { DateString, Timestamp } from './registry.ts';

type Json<T> = ColumnType<T, string, string>;

export interface QualificationEventsTable {
  organisation_id: string;
  id: string;
  seq: Generated<number>;
  record_id: string;
  code: string;
  event: string;
  on_date: DateString;
  first_time: boolean;
  level: string | null;
  grade: string | null;
  detail: Json<Record<string, unknown>>;
  source: string;
  source_ref: string | null;
  actor: string;
  recorded_at: Timestamp;
}

export interface QualificationParametersTable {
  kind: string;
  criterion: string;
  revision: number;
  /** In the metric's unit (fen, basis points, count, years); null: cleared, back to 待设定. */
  value: ColumnType<number | null, number | null, number | null>;
  source: string;
  note: string | null;
  set_by: string;
  set_at: Timestamp;
}

export interface QualificationPoolsTable {
  id: string;
  name: string;
  description: string;
  target_kind: string;
  target_grade: string | null;
  rule: Json<Record<string, unknown>>;
  active: boolean;
  version: number;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type MemberStatus = 'active' | 'graduated' | 'left';

export interface QualificationPoolMembersTable {
  organisation_id: string;
  pool_id: string;
  officer_id: string | null;
  status: MemberStatus;
  enrolled_on: DateString;
  enrolled_by: string;
  left_on: DateString | null;
  outcome: string | null;
  note: string | null;
  updated_at: Timestamp;
}

export type ServiceKind = 'visit' | 'training' | 'referral' | 'consultation' | 'other';

export interface QualificationServicesTable {
  organisation_id: string;
  id: string;
  pool_id: string | null;
  service: ServiceKind;
  on_date: DateString;
  officer: string;
  note: string;
  outcome: string | null;
  recorded_at: Timestamp;
}

export type RewardStatus = 'new' | 'read' | 'confirmed' | 'dismissed' | 'explained';

export interface QualificationRewardsTable {
  organisation_id: string;
  measure_id: string;
  code: string;
  reached_on: DateString;
  status: RewardStatus;
  amount_min: number | null;
  amount_max: number | null;
  reasons: Json<{ zh: string; en: string }[]>;
  adopt: Json<Record<string, string>>;
  application_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface QualificationSettingsTable {
  key: string;
  value: Json<unknown>;
  updated_by: string;
  updated_at: Timestamp;
}

export interface QualificationTables {
  qualification_events: QualificationEventsTable;
  qualification_parameters: QualificationParametersTable;
  qualification_pools: QualificationPoolsTable;
  qualification_pool_members: QualificationPoolMembersTable;
  qualification_services: QualificationServicesTable;
  qualification_rewards: QualificationRewardsTable;
  qualification_settings: QualificationSettingsTable;
}
