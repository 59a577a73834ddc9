/**
 * What the plan-monitoring use cases need from outside: the database, the plan and catalogue, a
 * clock, ids, the audit trail, the message service — and read-only query ports onto the other rooms
 * whose data moves the plan's indicators (DESIGN.md: "plan ◀──read-only queries── qualifications,
 * matching, challenges, ledger"). The plan never writes to them.
 *
 * A port that is null is a capability that has not landed yet: its indicator reports "not yet
 * available", never a number.
 */
import type { Catalogue } from '../../core/catalogue/types.ts';
import type { IsoDate } from '../../core/dates.ts';
import type { Fen } from '../../core/money.ts';
import type { Plan } from '../../core/plan/types.ts';
import type { CohortForecast } from '../../core/qualifications/forecast.ts';
import type { Db, Executor } from '../../storage/schema.ts';
import type { AuditPort, IdSource } from '../applications/ports.ts';
import type { Clock } from '../clock.ts';
import type { MessageService } from '../messages/service.ts';

/**
 * Valid qualifications on a day. Today it reads the registry's `organisation_qualifications`
 * (valid_from / valid_to); the qualification ledger (issue 13) will provide the same port.
 */
export interface QualificationCountPort {
  countValid(q: { codes: readonly string[]; city: string | null; on: IsoDate }): Promise<number>;
}

/**
 * The cohort forecast of a qualification's stock to a year (issue 13: valid now + expected new −
 * expiring + expected renewals), from the qualification ledger, beside the trend forecast of a
 * target counted from the ledger.
 */
export interface QualificationForecastPort {
  forecast(q: {
    kind: string;
    on: IsoDate;
    toYear: number;
    city: string | null;
  }): Promise<{ validNow: number; forecast: CohortForecast }>;
}

/** 双向发榜 (issue 12): pairs that reached a contract with a date in [from, to]. */
export interface MatchingIndicatorPort {
  contractsReached(q: { from: IsoDate; to: IsoDate }): Promise<number>;
}

/** 揭榜挂帅 (issue 11): challenge problems awarded with a date in [from, to]. */
export interface ChallengeIndicatorPort {
  awards(q: { from: IsoDate; to: IsoDate }): Promise<number>;
}

export interface MeasureFunding {
  /** Standing commitments (approved grants not reversed), all funds and years. */
  committed: Fen;
  paid: Fen;
  grants: number;
  payments: number;
}

/** Money committed and paid per catalogue measure, from the ledger. */
export interface FundingPort {
  byMeasure(): Promise<Map<string, MeasureFunding>>;
}

export interface PlanSources {
  qualifications: QualificationCountPort;
  /** Absent or null: no cohort forecast is shown. */
  qualificationForecast?: QualificationForecastPort | null;
  matching: MatchingIndicatorPort | null;
  challenges: ChallengeIndicatorPort | null;
  funding: FundingPort;
}

export interface PlanDeps {
  db: Db;
  plan: Plan;
  catalogue: Catalogue;
  clock: Clock;
  ids: IdSource;
  audit: AuditPort;
  messages: Pick<MessageService, 'send'>;
  /**
   * The ports, built over the executor a use case reads through (the database, or its transaction:
   * PGlite has one connection, so a read beside an open transaction would wait for it). Defaults:
   * the registry, the ledger, and null for capabilities not yet on main.
   */
  sources?: (db: Executor) => Partial<PlanSources>;
}
