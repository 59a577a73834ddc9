/**
 * The database as Kysely sees it: one interface per migration's tables, composed here. A new
 * migration adds its table types in tables/ and one `extends` entry below.
 */
import type { Kysely, Transaction } from 'kysely';
import type { ApplicationsLedgerTables } from './tables/applications-ledger.ts';
import type { AttachmentsPublicTables } from './tables/attachments-public.ts';
import type { AuthAuditTables } from './tables/auth-audit.ts';
import type { ChallengeTables } from './tables/challenges.ts';
import type { MatchingTables } from './tables/matching.ts';
import type { PlanTables } from './tables/plan.ts';
import type { PlatformTables } from './tables/platform.ts';
import type { QualificationTables } from './tables/qualifications.ts';
import type { RegistryTables } from './tables/registry.ts';
import type { SecurityTables } from './tables/security.ts';

export interface Database
  extends RegistryTables,
    AuthAuditTables,
    ApplicationsLedgerTables,
    AttachmentsPublicTables,
    PlatformTables,
    MatchingTables,
    PlanTables,
    SecurityTables,
    QualificationTables,
    ChallengeTables {}

export type Db = Kysely<Database>;
/** Something that runs queries: the database itself or an open transaction (a Transaction is a Kysely). */
export type Executor = Kysely<Database>;
export type Tx = Transaction<Database>;
