/** Row types of the screening tables (src/screening/migration.ts), for Kysely. */
import type { ColumnType } from 'kysely';
import type { Database } from '../storage/schema.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type RunStatus = 'running' | 'cancelled' | 'completed' | 'failed';
export type RunKind = 'full' | 'incremental';
export type NoticeStatus = 'new' | 'read' | 'confirmed' | 'dismissed';

/** One measure as a run screened it: its mode and the hash of what decides eligibility. */
export interface RunMeasure {
  id: string;
  mode: 'automatic' | 'invitation';
  hash: string;
}

export interface ScreeningRunsTable {
  id: string;
  screen_date: string;
  adopt: ColumnType<Record<string, string>, string, string>;
  catalogue_version: string;
  measures: ColumnType<RunMeasure[], string, string>;
  kind: RunKind;
  base_run_id: string | null;
  changed_measures: string[];
  snapshot_at: Timestamp;
  since: Timestamp | null;
  status: RunStatus;
  total: number;
  processed: number;
  cursor: string | null;
  chunk_size: number;
  evaluated: number;
  copied: number;
  notices: number;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
  error: string | null;
}

export interface ScreeningResultsTable {
  organisation_id: string;
  run_id: string;
  measure_id: string;
}

export interface ScreeningNoticesTable {
  organisation_id: string;
  measure_id: string;
  mode: 'automatic' | 'invitation';
  run_id: string;
  status: NoticeStatus;
  application_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ScreeningTables {
  screening_runs: ScreeningRunsTable;
  screening_results: ScreeningResultsTable;
  screening_notices: ScreeningNoticesTable;
}

export type ScreeningDatabase = Database & ScreeningTables;
