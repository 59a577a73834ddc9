/**
 * Every migration, listed by name in the order they run. A static list (no directory scanning) so
 * migrations load the same way under tsx, vitest and a bundler. Names are pre-assigned:
 * 0003_applications_ledger (applications, ledger, payments), 0004_screening (screening),
 * 0005_policy_fidelity, 0006_security, 0007_attachments_public, 0008_screening_scale, 0009_jobs,
 * 0010_platform (roles expert/broker, messages), 0011_matching, 0012_plan, 0013_challenges,
 * 0014_qualifications. Names may land out of order, so the migrator allows unordered migrations.
 * To add one: create the module here and add one line below.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_registry.ts';
import * as m0002 from './0002_auth_audit.ts';
import * as m0003 from './0003_applications_ledger.ts';
import * as m0004 from './0004_screening.ts';
import * as m0005 from './0005_policy_fidelity.ts';
import * as m0006 from './0006_security.ts';
import * as m0007 from './0007_attachments_public.ts';
import * as m0008 from './0008_screening_scale.ts';
import * as m0010 from './0010_platform.ts';
import * as m0011 from './0011_matching.ts';
import * as m0012 from './0012_plan.ts';
import * as m0013 from './0013_challenges.ts';
import * as m0014 from './0014_qualifications.ts';
import * as m0015 from './0015_matching_fixes.ts';
import * as m0016 from './0016_qualifications_speed.ts';
import * as m0017 from './0017_screening_speed.ts';
import * as m0018 from './0018_challenge_recovery.ts';
import * as m0020 from './0020_pool_speed.ts';

export const migrations: Record<string, Migration> = {
  '0001_registry': m0001,
  '0002_auth_audit': m0002,
  '0003_applications_ledger': m0003,
  '0004_screening': m0004,
  '0005_policy_fidelity': m0005,
  '0006_security': m0006,
  '0007_attachments_public': m0007,
  '0008_screening_scale': m0008,
  '0010_platform': m0010,
  '0011_matching': m0011,
  '0012_plan': m0012,
  '0014_qualifications': m0014,
  '0013_challenges': m0013,
  '0015_matching_fixes': m0015,
  '0016_qualifications_speed': m0016,
  '0017_screening_speed': m0017,
  '0018_challenge_recovery': m0018,
  '0020_pool_speed': m0020,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
