/** Row types of migration 0013_challenges: lists, problems, bids, judges, scores, projects, milestones. */
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { DateString, Timestamp } from './registry.ts';

/** JSON columns are written as JSON text and read as values. */
type Json<T = unknown> = ColumnType<T, string, string>;
type JsonDefault<T = unknown> = ColumnType<T, string | undefined, string>;

export interface ChallengeListsTable {
  id: string;
  basis_measure_id: string;
  title: string;
  batch: string;
  co_issuers: ColumnType<string[], string[] | undefined, string[]>;
  opens_on: DateString;
  closes_on: DateString;
  fund: string;
  criteria: Json;
  quorum: number;
  score_max: number;
  tie_breaks: string[];
  state: string;
  note: string | null;
  demo: ColumnType<boolean, boolean | undefined, boolean>;
  version: Generated<number>;
  published_at: Timestamp | null;
  /** 撤销榜单: the reason and when (0018_challenge_recovery). */
  cancel_reason: ColumnType<string | null, string | null | undefined, string | null>;
  cancelled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ChallengeListVersionsTable {
  list_id: string;
  version: number;
  note: string | null;
  snapshot: Json;
  changed_by: string;
  changed_at: Timestamp;
}

export interface ChallengeProblemsTable {
  id: string;
  organisation_id: string;
  list_id: string | null;
  state: string;
  title: string;
  need: string;
  indicators: Json<{ name: string; target: string }[]>;
  deliverables: string;
  timeline_months: number;
  sector: string;
  budget_min: number;
  budget_max: number;
  co_funds: boolean;
  review_note: string | null;
  /** The award decision: mode, ranking snapshot, who decided, when, why. */
  decision: ColumnType<unknown, string | null | undefined, string | null>;
  version: Generated<number>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface BidMilestone {
  title: string;
  dueOn: string;
  plannedInput: number;
  indicators: string;
}

export interface Attachment {
  name: string;
  sha256: string;
  size: number;
}

export interface ChallengeBidsTable {
  id: string;
  problem_id: string;
  organisation_id: string;
  partners: ColumnType<string[], string[] | undefined, string[]>;
  state: string;
  amount: number;
  plan: string;
  team: string;
  milestones: Json<BidMilestone[]>;
  attachments: JsonDefault<Attachment[]>;
  version: Generated<number>;
  submitted_at: Timestamp;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ChallengeBidVersionsTable {
  bid_id: string;
  organisation_id: string;
  version: number;
  snapshot: Json;
  saved_at: Timestamp;
}

export interface ChallengeJudgesTable {
  problem_id: string;
  user_id: string;
  kind: 'expert' | 'poser';
  blocked: ColumnType<boolean, boolean | undefined, boolean>;
  conflicts: JsonDefault<
    { organisationId: string; role: string; reason: string; text: { zh: string; en: string } }[]
  >;
  appointed_by: string;
  appointed_at: Timestamp;
}

export interface ChallengeDeclarationsTable {
  user_id: string;
  organisation_id: string;
  note: string;
  declared_at: Timestamp;
}

export interface ChallengeScoresTable {
  bid_id: string;
  judge_id: string;
  problem_id: string;
  scores: Json<Record<string, number>>;
  comment: string | null;
  scored_at: Timestamp;
}

export interface ChallengeProjectsTable {
  id: string;
  problem_id: string;
  bid_id: string;
  organisation_id: string;
  measure_id: string;
  amount: number;
  state: string;
  application_id: string | null;
  recovery_amount: number | null;
  recovery_note: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ChallengeMilestonesTable {
  project_id: string;
  organisation_id: string;
  seq: number;
  title: string;
  due_on: DateString;
  planned_input: number;
  final: boolean;
  state: string;
  evidence: JsonDefault<Attachment[]>;
  claimed_input: number | null;
  verified_input: number | null;
  decision_note: string | null;
  tranche: number | null;
  payment_id: string | null;
  version: Generated<number>;
  updated_at: Timestamp;
}

export interface ChallengeTables {
  challenge_lists: ChallengeListsTable;
  challenge_list_versions: ChallengeListVersionsTable;
  challenge_problems: ChallengeProblemsTable;
  challenge_bids: ChallengeBidsTable;
  challenge_bid_versions: ChallengeBidVersionsTable;
  challenge_judges: ChallengeJudgesTable;
  challenge_declarations: ChallengeDeclarationsTable;
  challenge_scores: ChallengeScoresTable;
  challenge_projects: ChallengeProjectsTable;
  challenge_milestones: ChallengeMilestonesTable;
}

export type ListRow = Selectable<ChallengeListsTable>;
export type ProblemRow = Selectable<ChallengeProblemsTable>;
export type BidRow = Selectable<ChallengeBidsTable>;
export type JudgeRow = Selectable<ChallengeJudgesTable>;
export type ScoreRow = Selectable<ChallengeScoresTable>;
export type ProjectRow = Selectable<ChallengeProjectsTable>;
export type MilestoneRow = Selectable<ChallengeMilestonesTable>;
