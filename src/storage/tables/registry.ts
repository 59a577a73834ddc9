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

export interface OrganisationQualificationsTable {
  organisation_id: string;
  code: string;
  valid_from: DateString;
  valid_to: DateString | null;
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
