/** Row types of the application, ledger and payment tables (migration 0003_applications_ledger). */
import type { ColumnType, Selectable } from 'kysely';
import type { ApplicationState } from '../../core/workflow.ts';
import type { DateString, Timestamp } from './registry.ts';

/** jsonb: read as parsed JSON, written as a JSON string (so arrays are not taken for PostgreSQL arrays). */
export type Json<T> = ColumnType<T, string, string>;
export type NullableJson<T> = ColumnType<T | null, string | null, string | null>;

export interface AttachmentMeta {
  name: string;
  /** MIME type as declared by the uploader. */
  type: string;
  size: number;
  /** SHA-256 of the file's bytes (hex), so the file kept elsewhere can be matched to the record. */
  sha256?: string;
}

export interface ApplicationsTable {
  organisation_id: string;
  id: string;
  measure_id: string;
  document_code: string;
  overlap_group: string | null;
  matter_id: string;
  /** The matter as the calculator takes it (type, date, figures in fen, partners, claims…). */
  matter: NullableJson<Record<string, unknown>>;
  title: string;
  requested_amount: number | null;
  recommended_amount: number | null;
  approved_amount: number | null;
  /** The written reason for a recommended amount below the ceiling (migration 0005). */
  recommended_reason: string | null;
  /** The written reason for an approved amount below the ceiling (migration 0005). */
  approved_reason: string | null;
  attachments: Json<AttachmentMeta[]>;
  state: ApplicationState;
  version: number;
  created_by: string;
  recommended_by: string | null;
  approved_by: string | null;
  submitted_on: DateString | null;
  notice_starts_on: DateString | null;
  notice_ends_on: DateString | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One row per transition: the timeline, and for money decisions everything needed to reproduce them. */
export interface DecisionsTable {
  organisation_id: string;
  id: string;
  application_id: string;
  /** The application's version after this step: orders the timeline. */
  step: number;
  action: string;
  from_state: ApplicationState | null;
  to_state: ApplicationState;
  actor_id: string;
  actor_role: string;
  reason: string | null;
  amount: number | null;
  catalogue_version: string | null;
  /** The calculator's input exactly as evaluated (applicant, matter, history, date). */
  inputs: NullableJson<unknown>;
  /** The engine's full evaluation of the measure for this matter. */
  evaluation: NullableJson<unknown>;
  /** The clause quoted and cited. */
  clause: NullableJson<unknown>;
  detail: Json<Record<string, unknown>>;
  decided_on: DateString;
  at: Timestamp;
}

export type ObjectionStatus = 'open' | 'upheld' | 'dismissed';

export interface ObjectionsTable {
  organisation_id: string;
  id: string;
  application_id: string;
  raised_by: string;
  text: string;
  raised_on: DateString;
  recorded_by: string;
  status: ObjectionStatus;
  resolution: string | null;
  resolved_by: string | null;
  resolved_at: Timestamp | null;
  created_at: Timestamp;
}

export interface BudgetsTable {
  fund: string;
  year: number;
  amount: number;
  updated_by: string;
  updated_at: Timestamp;
}

export interface PaymentStagesTable {
  organisation_id: string;
  id: string;
  application_id: string;
  seq: number;
  amount: number;
  due_on: DateString | null;
  created_at: Timestamp;
}

export interface PaymentsTable {
  organisation_id: string;
  id: string;
  application_id: string;
  stage_id: string;
  amount: number;
  idempotency_key: string;
  paid_on: DateString;
  paid_by: string;
  created_at: Timestamp;
}

export interface LedgerEntriesTable {
  organisation_id: string;
  id: string;
  kind: 'grant' | 'reversal' | 'payment' | 'recovery' | 'recovered';
  application_id: string;
  measure_id: string;
  fund: string;
  overlap_group: string | null;
  matter_id: string;
  amount: number;
  date: DateString;
  year: number;
  reverses: string | null;
  payment_id: string | null;
  decision_id: string | null;
  recorded_at: Timestamp;
  /** recovered: the recovery entry it settles (0018_challenge_recovery). */
  recovers: ColumnType<string | null, string | null | undefined, never>;
  /** recovered: the officer's idempotency key. */
  idempotency_key: ColumnType<string | null, string | null | undefined, never>;
  /** recovery, recovered: what the money is about, e.g. `challenge_project:<id>`. */
  subject: ColumnType<string | null, string | null | undefined, never>;
  /** The clause the entry rests on, and the officer's note. */
  clause: ColumnType<string | null, string | null | undefined, never>;
  note: ColumnType<string | null, string | null | undefined, never>;
}

export interface ApplicationsLedgerTables {
  applications: ApplicationsTable;
  decisions: DecisionsTable;
  objections: ObjectionsTable;
  budgets: BudgetsTable;
  payment_stages: PaymentStagesTable;
  payments: PaymentsTable;
  ledger_entries: LedgerEntriesTable;
}

export type ApplicationRow = Selectable<ApplicationsTable>;
export type DecisionRow = Selectable<DecisionsTable>;
export type ObjectionRow = Selectable<ObjectionsTable>;
export type BudgetRow = Selectable<BudgetsTable>;
export type StageRow = Selectable<PaymentStagesTable>;
export type PaymentRow = Selectable<PaymentsTable>;
export type LedgerRow = Selectable<LedgerEntriesTable>;
