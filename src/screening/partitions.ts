/**
 * Screening results are partitioned by run (LIST on run_id), and each run's partition by organisation
 * (HASH on organisation_id). A run's results are one table of their own: written in bulk without
 * touching any other run's index, read with partition pruning, and dropped in one statement. The
 * hash level is where a distributed PostgreSQL (Citus) takes over later: see docs/operations.md.
 */
import { InputError } from '../core/errors.ts';

/** Hash partitions per run. */
export const RESULT_HASH_PARTITIONS = 4;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkRunId(runId: string): string {
  if (!UUID.test(runId))
    throw new InputError([{ path: 'runId', rule: 'uuid', zh: '批次编号格式错误', en: 'not a run id' }]);
  return runId.toLowerCase();
}

/** The run's partition of screening_results (an identifier built from the run's UUID only). */
export function resultPartition(runId: string): string {
  return `screening_results_${checkRunId(runId).replaceAll('-', '')}`;
}

/** DDL creating a run's partition and its hash partitions (idempotent). */
export function createResultPartition(runId: string): string[] {
  const id = checkRunId(runId);
  const table = resultPartition(id);
  return [
    `CREATE TABLE IF NOT EXISTS ${table} PARTITION OF screening_results FOR VALUES IN ('${id}') PARTITION BY HASH (organisation_id)`,
    ...Array.from(
      { length: RESULT_HASH_PARTITIONS },
      (_, i) =>
        `CREATE TABLE IF NOT EXISTS ${table}_h${i} PARTITION OF ${table} FOR VALUES WITH (MODULUS ${RESULT_HASH_PARTITIONS}, REMAINDER ${i})`,
    ),
  ];
}

/**
 * The run's index on (organisation, measure): built once the run has written its rows when it writes
 * them in one COPY (faster than keeping it up to date row by row), or before the first chunk when it
 * writes them chunk by chunk. Uniqueness holds by construction (one row per pair; a chunk written
 * again is deleted first), so it is not a constraint.
 */
export function indexResultPartition(runId: string): string {
  const table = resultPartition(runId);
  return `CREATE INDEX IF NOT EXISTS ${table}_key ON ${table} (organisation_id, measure_id)`;
}

/** DDL dropping a run's results, whatever their size, in one statement. */
export function dropResultPartition(runId: string): string {
  return `DROP TABLE IF EXISTS ${resultPartition(runId)}`;
}
