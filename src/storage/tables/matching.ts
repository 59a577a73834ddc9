/** Row types of migration 0011_matching: group links, listings, matches, engagements, events, brokers. */
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { DateString, Timestamp } from './registry.ts';

type Json = ColumnType<unknown, string, string>;

export interface OrganisationLinksTable {
  organisation_id: string;
  relation: 'parent' | 'shareholder';
  related_uscc: string;
}

export interface MatchingListingsTable {
  id: string;
  organisation_id: string;
  side: 'need' | 'offer';
  state: string;
  title: string;
  summary: string;
  keywords: ColumnType<string[], string[] | undefined, string[]>;
  sectors: string[];
  city: string;
  /** Side-specific fields (core/matching/listing.ts NeedDetails | OfferDetails), written as JSON text. */
  details: Json;
  /** Private: name, phone, email. */
  contact: Json;
  anonymous: boolean;
  valid_days: number;
  expires_on: DateString | null;
  first_published_at: Timestamp | null;
  published_at: Timestamp | null;
  renewals: Generated<number>;
  review_note: string | null;
  reviewed_by: string | null;
  lint: ColumnType<unknown, string | undefined, string>;
  version: Generated<number>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MatchingMatchesTable {
  need_id: string;
  offer_id: string;
  need_organisation_id: string;
  offer_organisation_id: string;
  score: number;
  breakdown: Json;
  city: string;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface MatchingInterestsTable {
  id: string;
  need_id: string | null;
  offer_id: string | null;
  target_listing_id: string;
  from_organisation_id: string;
  to_organisation_id: string;
  from_user_id: string;
  message: string;
  sender_contact: Json;
  state: string;
  answer_note: string | null;
  answered_at: Timestamp | null;
  answered_by: string | null;
  city: string;
  score: number | null;
  broker_user_id: string | null;
  assigned_at: Timestamp | null;
  broker_first_response_at: Timestamp | null;
  meetings: Generated<number>;
  contract_no: string | null;
  registration_no: string | null;
  /** fen */
  contract_amount: number | null;
  contract_signed_on: DateString | null;
  contract_registered_on: DateString | null;
  contract_recorded_at: Timestamp | null;
  project_kind: 'iur_project' | 'consortium' | null;
  project_title: string | null;
  /** fen */
  project_input: number | null;
  project_formed_on: DateString | null;
  project_calc_input: ColumnType<unknown, string | null | undefined, string | null>;
  project_measure_ids: string[] | null;
  project_recorded_at: Timestamp | null;
  application_id: string | null;
  application_organisation_id: string | null;
  /** The Idempotency-Key the application was made with (0015_matching_fixes), if one was sent. */
  application_key: ColumnType<string | null, string | null | undefined, string | null>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MatchingEventsTable {
  id: string;
  interest_id: string;
  kind: 'meeting' | 'note' | 'assign' | 'release';
  on_date: DateString | null;
  text: string | null;
  actor_id: string | null;
  actor_role: string;
  at: Timestamp;
}

export interface MatchingBrokersTable {
  user_id: string;
  capacity: number;
  updated_at: Timestamp;
}

export interface MatchingTables {
  organisation_links: OrganisationLinksTable;
  matching_listings: MatchingListingsTable;
  matching_matches: MatchingMatchesTable;
  matching_interests: MatchingInterestsTable;
  matching_events: MatchingEventsTable;
  matching_brokers: MatchingBrokersTable;
}

export type ListingRow = Selectable<MatchingListingsTable>;
export type InterestRow = Selectable<MatchingInterestsTable>;
export type MatchRow = Selectable<MatchingMatchesTable>;
export type MatchingEventRow = Selectable<MatchingEventsTable>;
