/** Row types of the screening tables (src/screening/migration.ts), for Kysely. */
import type { ColumnType } from 'kysely';
import type { Database } from '../storage/schema.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type RunStatus = 'running' | 'cancelled' | 'completed' | 'failed' | 'purged';
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
  method: RunMethod;
  timings: ColumnType<RunTimings, string, string>;
  rules_version: string | null;
}

/** bulk: the registry read out, screened by the compiled kernel, written with COPY; sql: in-database chunks. */
export type RunMethod = 'bulk' | 'sql';

/** Milliseconds per phase of a run (bulk: load, screen, amounts, store). */
export type RunTimings = Record<string, number>;

export interface ScreeningResultsTable {
  run_id: string;
  organisation_id: string;
  measure_id: string;
  mode: 'automatic' | 'invitation' | 'exhausted';
  amount_min: number | null;
  amount_max: number | null;
  cap: number | null;
  basis: ColumnType<unknown, string | null, string | null> | null;
}

export interface BaseFiguresTable {
  organisation_id: string;
  figure: string;
  year: number;
  amount: number;
  source: string;
  recorded_by: string;
  recorded_at: Timestamp;
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
  amount_min: number | null;
  amount_max: number | null;
  cap: number | null;
  basis: ColumnType<unknown, string | null, string | null> | null;
}

export interface ScreeningTables {
  screening_runs: ScreeningRunsTable;
  screening_results: ScreeningResultsTable;
  screening_notices: ScreeningNoticesTable;
  organisation_base_figures: BaseFiguresTable;
}

export type ScreeningDatabase = Database & ScreeningTables;
