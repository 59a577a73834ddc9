/**
 * The registry aggregate: an organisation with its dated qualifications and yearly figures.
 * The only code that writes SQL for these tables; services pass already-validated values.
 */
import { sql } from 'kysely';
import type { GroupLink, GroupRelation } from '../../core/groups.ts';
import type { Applicant } from '../../core/input.ts';
import type { LedgerSource } from '../../core/qualifications/ledger.ts';
import type { Executor } from '../schema.ts';
import type { FiguresRow, OrganisationRow, QualificationRow } from '../tables/registry.ts';
import { syncHoldings } from './qualifications/ledger.ts';

/** USCCs asked per statement in `idsByUscc` (one bound parameter each; the limit is 65,535). */
const USCC_SLICE = 10_000;

export interface Qualification {
  code: string;
  from: string;
  to: string | null;
}

/** Size figures for one year; money in fen, null when not reported. */
export interface YearFigures {
  year: number;
  revenue: number | null;
  rdExpense: number | null;
  employees: number | null;
}

export interface Organisation {
  id: string;
  uscc: string;
  name: string;
  kind: string;
  city: string;
  district: string | null;
  centreOriginCity: string | null;
  sectors: string[];
  licences: string[];
  createdAt: string;
  updatedAt: string;
}

/** A parent (母公司/控股股东) or shareholder (股东) of the organisation, by USCC (src/core/groups.ts). */
export interface GroupLinkView {
  relation: GroupRelation;
  uscc: string;
}

export interface OrganisationRecord extends Organisation {
  qualifications: Qualification[];
  figures: YearFigures[];
  groupLinks: GroupLinkView[];
}

/**
 * What a write carries. Optional fields left undefined keep what is stored (on insert: null or
 * empty), so an import file without a column does not wipe that column.
 */
export interface OrganisationData {
  uscc: string;
  name: string;
  kind: string;
  city: string;
  district?: string | null;
  centreOriginCity?: string | null;
  sectors?: string[];
  licences?: string[];
  /**
   * Replaces the whole set when given — through the qualification ledger (src/storage/repositories/
   * qualifications/ledger.ts syncHoldings), so every change is an event with this source.
   */
  qualifications?: Qualification[];
  /** The ledger source of the qualifications' events (default `registry`; the demo says `demo`). */
  qualificationSource?: LedgerSource;
  /** Upserts the given years; other years stay. */
  figures?: YearFigures[];
  /** Replaces the organisation's parent and shareholder links when given. */
  groupLinks?: GroupLinkView[];
  /** Which relations `groupLinks` replaces (default both): an import file may carry only one column. */
  groupRelations?: GroupRelation[];
}

export interface OrganisationFilter {
  kind?: string;
  city?: string;
  /** Substring of the name or prefix of the USCC. */
  q?: string;
  /** Restrict to one organisation (an enterprise user's view). */
  onlyId?: string;
  limit: number;
  offset: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A malformed id cannot name a row; asking the database would only raise a type error. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

function toOrganisation(row: OrganisationRow): Organisation {
  return {
    id: row.id,
    uscc: row.uscc,
    name: row.name,
    kind: row.kind,
    city: row.city,
    district: row.district,
    centreOriginCity: row.centre_origin_city,
    sectors: row.sectors,
    licences: row.licences,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function toQualification(row: Pick<QualificationRow, 'code' | 'valid_from' | 'valid_to'>): Qualification {
  return { code: row.code, from: row.valid_from, to: row.valid_to };
}

function toFigures(row: FiguresRow): YearFigures {
  return { year: row.year, revenue: row.revenue, rdExpense: row.rd_expense, employees: row.employees };
}

/** A registry entry as the engine's applicant profile (src/core/input.ts). */
export function toApplicant(
  org: Pick<Organisation, 'name' | 'uscc' | 'kind' | 'city' | 'centreOriginCity' | 'sectors' | 'licences'>,
  qualifications: Qualification[],
): Applicant {
  return {
    name: org.name,
    uscc: org.uscc,
    kind: org.kind,
    city: org.city,
    centreOriginCity: org.centreOriginCity,
    sectors: [...org.sectors],
    licences: [...org.licences],
    qualifications: qualifications.map((q) => ({ code: q.code, from: q.from, to: q.to })),
  };
}

export class OrganisationRepository {
  constructor(private readonly db: Executor) {}

  async get(id: string): Promise<OrganisationRecord | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? this.withDetails(row) : undefined;
  }

  async getByUscc(uscc: string): Promise<OrganisationRecord | undefined> {
    const row = await this.db
      .selectFrom('organisations')
      .selectAll()
      .where('uscc', '=', uscc)
      .executeTakeFirst();
    return row ? this.withDetails(row) : undefined;
  }

  /**
   * Ids of the registered organisations among `usccs`. Asked in slices: each USCC is one bound
   * parameter and a statement takes at most 65,535, so a whole import's USCCs would otherwise fail.
   */
  async idsByUscc(usccs: string[]): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (let i = 0; i < usccs.length; i += USCC_SLICE) {
      const rows = await this.db
        .selectFrom('organisations')
        .select(['id', 'uscc'])
        .where('uscc', 'in', usccs.slice(i, i + USCC_SLICE))
        .execute();
      for (const r of rows) ids.set(r.uscc, r.id);
    }
    return ids;
  }

  async list(filter: OrganisationFilter): Promise<{ items: Organisation[]; total: number }> {
    if (filter.onlyId !== undefined && !isUuid(filter.onlyId)) return { items: [], total: 0 };
    let query = this.db.selectFrom('organisations');
    if (filter.onlyId !== undefined) query = query.where('id', '=', filter.onlyId);
    if (filter.kind) query = query.where('kind', '=', filter.kind);
    if (filter.city) query = query.where('city', '=', filter.city);
    if (filter.q) {
      // The search text is a bound parameter and LIKE metacharacters are escaped: it matches literally.
      const literal = filter.q.replace(/[\\%_]/g, (c) => `\\${c}`);
      query = query.where((eb) =>
        eb.or([eb('name', 'like', `%${literal}%`), eb('uscc', 'like', `${literal.toUpperCase()}%`)]),
      );
    }
    const [rows, count] = await Promise.all([
      query.selectAll().orderBy('name').orderBy('id').limit(filter.limit).offset(filter.offset).execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toOrganisation), total: Number(count.n) };
  }

  /** Inserts a new organisation; a duplicate USCC surfaces as the database's unique violation. */
  async insert(data: OrganisationData, now: Date): Promise<string> {
    const row = await this.db
      .insertInto('organisations')
      .values({ ...columns(data), created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.writeDetails(row.id, data, now);
    return row.id;
  }

  /** Insert or update by USCC (the registry's natural key): re-importing the same code updates. */
  async upsertByUscc(data: OrganisationData, now: Date): Promise<{ id: string; created: boolean }> {
    const row = await this.db
      .insertInto('organisations')
      .values({ ...columns(data), created_at: now, updated_at: now })
      .onConflict((oc) =>
        oc.column('uscc').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          kind: eb.ref('excluded.kind'),
          city: eb.ref('excluded.city'),
          ...(data.district !== undefined && { district: eb.ref('excluded.district') }),
          ...(data.centreOriginCity !== undefined && {
            centre_origin_city: eb.ref('excluded.centre_origin_city'),
          }),
          ...(data.sectors !== undefined && { sectors: eb.ref('excluded.sectors') }),
          ...(data.licences !== undefined && { licences: eb.ref('excluded.licences') }),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      // xmax = 0 only on a freshly inserted row: tells "created" from "updated" in one statement.
      .returning(['id', sql<boolean>`(xmax = 0)`.as('created')])
      .executeTakeFirstOrThrow();
    await this.writeDetails(row.id, data, now);
    return { id: row.id, created: row.created };
  }

  async update(id: string, data: OrganisationData, now: Date): Promise<boolean> {
    if (!isUuid(id)) return false;
    const result = await this.db
      .updateTable('organisations')
      .set({ ...columns(data), updated_at: now })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await this.writeDetails(id, data, now);
    return true;
  }

  /** Deletes the organisation and (by cascade) its qualifications and figures. */
  async delete(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const result = await this.db.deleteFrom('organisations').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async qualifications(id: string): Promise<Qualification[]> {
    const rows = await this.db
      .selectFrom('organisation_qualifications')
      .select(['code', 'valid_from', 'valid_to'])
      .where('organisation_id', '=', id)
      .orderBy('valid_from')
      .orderBy('code')
      .execute();
    return rows.map(toQualification);
  }

  async figures(id: string): Promise<YearFigures[]> {
    const rows = await this.db
      .selectFrom('organisation_figures')
      .selectAll()
      .where('organisation_id', '=', id)
      .orderBy('year')
      .execute();
    return rows.map(toFigures);
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('organisations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async groupLinks(id: string): Promise<GroupLinkView[]> {
    const rows = await this.db
      .selectFrom('organisation_links')
      .select(['relation', 'related_uscc'])
      .where('organisation_id', '=', id)
      .orderBy('relation')
      .orderBy('related_uscc')
      .execute();
    return rows.map((r) => ({ relation: r.relation, uscc: r.related_uscc }));
  }

  /** Every group link of the registry, as the core's union–find takes them (src/core/groups.ts). */
  async allGroupLinks(): Promise<GroupLink[]> {
    const rows = await this.db
      .selectFrom('organisation_links as l')
      .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
      .select(['o.uscc', 'l.related_uscc', 'l.relation'])
      .execute();
    return rows.map((r) => ({ uscc: r.uscc, relatedUscc: r.related_uscc, relation: r.relation }));
  }

  /**
   * The USCCs of the organisation's group: itself and every USCC a chain of parent or shareholder
   * links reaches, in either direction (at most `maxDepth` links away; real groups are shallow).
   */
  async groupUsccs(id: string, maxDepth = 8): Promise<string[]> {
    if (!isUuid(id)) return [];
    const rows = await sql<{ u: string }>`
      with recursive edges(a, b) as (
        select o.uscc, l.related_uscc from organisation_links l join organisations o on o.id = l.organisation_id
        union all
        select l.related_uscc, o.uscc from organisation_links l join organisations o on o.id = l.organisation_id
      ),
      reach(u, depth) as (
        select uscc, 0 from organisations where id = ${id}
        union
        select e.b, r.depth + 1 from reach r join edges e on e.a = r.u where r.depth < ${maxDepth}
      )
      select distinct u from reach order by u`.execute(this.db);
    return rows.rows.map((r) => r.u);
  }

  /**
   * Whether two organisations are one group (the same organisation, or joined by parent/shareholder
   * links): self-matches in 双向发榜 and conflicts of interest (an expert or broker judging their
   * employer's group) are refused on it.
   */
  async sameGroup(a: string, b: string): Promise<boolean> {
    if (a === b) return isUuid(a);
    const other = await this.db
      .selectFrom('organisations')
      .select('uscc')
      .where('id', '=', isUuid(b) ? b : '00000000-0000-0000-0000-000000000000')
      .executeTakeFirst();
    if (!other) return false;
    return (await this.groupUsccs(a)).includes(other.uscc);
  }

  private async withDetails(row: OrganisationRow): Promise<OrganisationRecord> {
    const [qualifications, figures, groupLinks] = await Promise.all([
      this.qualifications(row.id),
      this.figures(row.id),
      this.groupLinks(row.id),
    ]);
    return { ...toOrganisation(row), qualifications, figures, groupLinks };
  }

  private async writeDetails(id: string, data: OrganisationData, now: Date): Promise<void> {
    if (data.qualifications) {
      await syncHoldings(this.db, id, data.qualifications, {
        source: data.qualificationSource ?? 'registry',
        sourceRef: null,
        actor: 'registry',
        at: now,
      });
    }
    if (data.groupLinks !== undefined) {
      const relations = data.groupRelations ?? ['parent', 'shareholder'];
      await this.db
        .deleteFrom('organisation_links')
        .where('organisation_id', '=', id)
        .where('relation', 'in', relations)
        .execute();
      const unique = new Map(data.groupLinks.map((l) => [`${l.relation}|${l.uscc}`, l]));
      if (unique.size > 0) {
        await this.db
          .insertInto('organisation_links')
          .values(
            [...unique.values()].map((l) => ({
              organisation_id: id,
              relation: l.relation,
              related_uscc: l.uscc,
            })),
          )
          .execute();
      }
    }
    if (data.figures && data.figures.length > 0) {
      await this.db
        .insertInto('organisation_figures')
        .values(
          data.figures.map((f) => ({
            organisation_id: id,
            year: f.year,
            revenue: f.revenue,
            rd_expense: f.rdExpense,
            employees: f.employees,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['organisation_id', 'year']).doUpdateSet((eb) => ({
            revenue: eb.ref('excluded.revenue'),
            rd_expense: eb.ref('excluded.rd_expense'),
            employees: eb.ref('excluded.employees'),
          })),
        )
        .execute();
    }
  }
}

/** Table columns of the data; undefined entries are left out of inserts and updates by Kysely. */
function columns(data: OrganisationData) {
  return {
    uscc: data.uscc,
    name: data.name,
    kind: data.kind,
    city: data.city,
    district: data.district,
    centre_origin_city: data.centreOriginCity,
    sectors: data.sectors,
    licences: data.licences,
  };
}
