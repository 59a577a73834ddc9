/**
 * Row types of the registry tables (migration 0001_registry). Column names are snake_case as in
 * SQL; the screening compiler writes SQL against exactly these names.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** timestamptz: read as a Date, written as a Date or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** date: read and written as 'YYYY-MM-DD' (the parsers in database.ts keep it a string). */
export type DateString = string;

export interface OrganisationsTable {
  id: Generated<string>;
  uscc: string;
  name: string;
  kind: string;
  city: string;
  district: string | null;
  centre_origin_city: string | null;
  sectors: ColumnType<string[], string[] | undefined, string[]>;
  licences: ColumnType<string[], string[] | undefined, string[]>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/**
 * A holding: since migration 0014 the qualification ledger's record (one certificate or listing).
 * valid_from/valid_to are the effective validity; the ledger's details have defaults, so a plain
 * (organisation, code, from, to) insert still works (its end is read as the printed expiry).
 */
export interface OrganisationQualificationsTable {
  organisation_id: string;
  code: string;
  valid_from: DateString;
  valid_to: DateString | null;
  id: Generated<string>;
  level: ColumnType<string | null, string | null | undefined, string | null>;
  grade: ColumnType<string | null, string | null | undefined, string | null>;
  certificate_no: ColumnType<string | null, string | null | undefined, string | null>;
  issuer: ColumnType<string | null, string | null | undefined, string | null>;
  expires_on: ColumnType<DateString | null, DateString | null | undefined, DateString | null>;
  ended_on: ColumnType<DateString | null, DateString | null | undefined, DateString | null>;
  end_reason: ColumnType<string | null, string | null | undefined, string | null>;
  source: ColumnType<string, string | undefined, string>;
  recorded_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Size figures by year. Money in fen (bigint); null when not reported. */
export interface OrganisationFiguresTable {
  organisation_id: string;
  year: number;
  revenue: number | null;
  rd_expense: number | null;
  employees: number | null;
}

export interface RegistryTables {
  organisations: OrganisationsTable;
  organisation_qualifications: OrganisationQualificationsTable;
  organisation_figures: OrganisationFiguresTable;
}

export type OrganisationRow = Selectable<OrganisationsTable>;
export type NewOrganisationRow = Insertable<OrganisationsTable>;
export type OrganisationUpdate = Updateable<OrganisationsTable>;
export type QualificationRow = Selectable<OrganisationQualificationsTable>;
export type FiguresRow = Selectable<OrganisationFiguresTable>;
