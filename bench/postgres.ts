/**
 * The benchmark's PostgreSQL: the same throwaway server the tests use (initdb in a temp folder, free
 * loopback port, durability off), with more memory for bulk loads and large scans.
 */
import { findPostgresBin, type PostgresServer, startPostgres } from '../test/support/postgres.ts';

export type ThrowawayPostgres = PostgresServer;

export function postgresAvailable(): boolean {
  return findPostgresBin() !== null;
}

export function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  return startPostgres({
    settings: [
      '-c shared_buffers=512MB',
      '-c work_mem=64MB',
      '-c maintenance_work_mem=256MB',
      '-c max_wal_size=4GB',
    ],
  });
}
