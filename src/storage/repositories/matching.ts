/**
 * 双向发榜 tables (migration 0011_matching): the only code that writes SQL for listings, matches,
 * engagements, their events and brokers' capacities, plus the dated events the funnel and the plan's
 * indicators count. Services pass validated values; JSON columns are written as JSON text.
 */
import { type Insertable, sql, type Updateable } from 'kysely';
import type { Executor } from '../schema.ts';
import type {
  InterestRow,
  ListingRow,
  MatchingEventRow,
  MatchingInterestsTable,
  MatchingListingsTable,
  MatchRow,
} from '../tables/matching.ts';
import { isUuid } from './organisations.ts';

export type ListingWithOrg = ListingRow & {
  organisation_name: string;
  organisation_kind: string;
  organisation_uscc: string;
};
export type InterestPatch = Omit<Updateable<MatchingInterestsTable>, 'id' | 'version' | 'created_at'>;
export type ListingPatch = Omit<Updateable<MatchingListingsTable>, 'id' | 'version' | 'created_at'>;

export interface ListingFilter {
  organisationId?: string;
  states?: readonly string[];
  side?: 'need' | 'offer';
  limit: number;
  offset: number;
}

export class MatchingRepository {
  constructor(private readonly db: Executor) {}

  private listings() {
    return this.db
      .selectFrom('matching_listings as l')
      .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
      .selectAll('l')
      .select(['o.name as organisation_name', 'o.kind as organisation_kind', 'o.uscc as organisation_uscc']);
  }

  async insertListing(row: Insertable<MatchingListingsTable>): Promise<void> {
    await this.db.insertInto('matching_listings').values(row).execute();
  }

  async getListing(id: string): Promise<ListingWithOrg | undefined> {
    if (!isUuid(id)) return undefined;
    return this.listings().where('l.id', '=', id).executeTakeFirst();
  }

  /** Locks the listing's row for the rest of the transaction (one change at a time). */
  async lockListing(id: string): Promise<ListingRow | undefined> {
    if (!isUuid(id)) return undefined;
    return this.db
      .selectFrom('matching_listings')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  async updateListing(id: string, version: number, patch: ListingPatch): Promise<ListingRow> {
    return this.db
      .updateTable('matching_listings')
      .set({ ...patch, version: sql<number>`version + 1` })
      .where('id', '=', id)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async listListings(f: ListingFilter): Promise<{ items: ListingWithOrg[]; total: number }> {
    let q = this.listings();
    if (f.organisationId !== undefined) q = q.where('l.organisation_id', '=', f.organisationId);
    if (f.states && f.states.length > 0) q = q.where('l.state', 'in', [...f.states]);
    if (f.side) q = q.where('l.side', '=', f.side);
    const [items, count] = await Promise.all([
      q.orderBy('l.updated_at', 'desc').orderBy('l.id').limit(f.limit).offset(f.offset).execute(),
      q
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(count.n) };
  }

  async listingsByIds(ids: readonly string[]): Promise<ListingWithOrg[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    return this.listings().where('l.id', 'in', valid).execute();
  }

  /** Listings changed since an instant (any state): the matcher's index follows them. */
  async listingsChangedSince(since: Date | null): Promise<ListingWithOrg[]> {
    let q = this.listings();
    q = since ? q.where('l.updated_at', '>=', since) : q.where('l.state', '=', 'published');
    return q.orderBy('l.updated_at').execute();
  }

  /** Published listings whose last day is before `today`: to be marked expired. */
  async publishedExpiredBefore(today: string, limit: number): Promise<ListingRow[]> {
    return this.db
      .selectFrom('matching_listings')
      .selectAll()
      .where('state', '=', 'published')
      .where('expires_on', '<', today)
      .orderBy('expires_on')
      .limit(limit)
      .execute();
  }

  /** Published listings expiring between two dates (inclusive): renewal reminders. */
  async publishedExpiringBetween(from: string, to: string): Promise<ListingRow[]> {
    return this.db
      .selectFrom('matching_listings')
      .selectAll()
      .where('state', '=', 'published')
      .where('expires_on', '>=', from)
      .where('expires_on', '<=', to)
      .execute();
  }

  // ——— matches ———————————————————————————————————————————————————————————————

  /** Records a pair (or refreshes its score); says whether it is new. */
  async upsertMatch(row: Omit<MatchRow, 'breakdown'> & { breakdown: string }): Promise<boolean> {
    const r = await this.db
      .insertInto('matching_matches')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['need_id', 'offer_id']).doUpdateSet((eb) => ({
          score: eb.ref('excluded.score'),
          breakdown: eb.ref('excluded.breakdown'),
          city: eb.ref('excluded.city'),
          last_seen_at: eb.ref('excluded.last_seen_at'),
        })),
      )
      .returning(sql<boolean>`(xmax = 0)`.as('created'))
      .executeTakeFirstOrThrow();
    return r.created;
  }

  async getMatch(needId: string, offerId: string): Promise<MatchRow | undefined> {
    if (!isUuid(needId) || !isUuid(offerId)) return undefined;
    return this.db
      .selectFrom('matching_matches')
      .selectAll()
      .where('need_id', '=', needId)
      .where('offer_id', '=', offerId)
      .executeTakeFirst();
  }

  // ——— engagements ——————————————————————————————————————————————————————————

  async insertInterest(row: Insertable<MatchingInterestsTable>): Promise<void> {
    await this.db.insertInto('matching_interests').values(row).execute();
  }

  async getInterest(id: string): Promise<InterestRow | undefined> {
    if (!isUuid(id)) return undefined;
    return this.db.selectFrom('matching_interests').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async lockInterest(id: string): Promise<InterestRow | undefined> {
    if (!isUuid(id)) return undefined;
    return this.db
      .selectFrom('matching_interests')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  async updateInterest(id: string, version: number, patch: InterestPatch): Promise<InterestRow> {
    return this.db
      .updateTable('matching_interests')
      .set({ ...patch, version: sql<number>`version + 1` })
      .where('id', '=', id)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async openInterest(fromOrganisationId: string, targetListingId: string): Promise<InterestRow | undefined> {
    return this.db
      .selectFrom('matching_interests')
      .selectAll()
      .where('from_organisation_id', '=', fromOrganisationId)
      .where('target_listing_id', '=', targetListingId)
      .where('state', 'in', ['pending', 'accepted'])
      .executeTakeFirst();
  }

  /** Engagements of an organisation (sent, received or both), newest first. */
  async interestsOf(
    organisationId: string,
    direction: 'sent' | 'received' | 'all',
    limit: number,
  ): Promise<InterestRow[]> {
    let q = this.db.selectFrom('matching_interests').selectAll();
    if (direction === 'sent') q = q.where('from_organisation_id', '=', organisationId);
    else if (direction === 'received') q = q.where('to_organisation_id', '=', organisationId);
    else
      q = q.where((eb) =>
        eb.or([
          eb('from_organisation_id', '=', organisationId),
          eb('to_organisation_id', '=', organisationId),
        ]),
      );
    return q.orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
  }

  /** Engagements still in play: pending, or accepted without a project yet. */
  private open() {
    return this.db
      .selectFrom('matching_interests')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('state', '=', 'pending'),
          eb.and([eb('state', '=', 'accepted'), eb('project_kind', 'is', null)]),
        ]),
      );
  }

  async openAssignedTo(brokerId: string): Promise<InterestRow[]> {
    return this.open().where('broker_user_id', '=', brokerId).orderBy('assigned_at').execute();
  }

  async openUnassigned(limit: number): Promise<InterestRow[]> {
    return this.open().where('broker_user_id', 'is', null).orderBy('created_at').limit(limit).execute();
  }

  async openCountFor(brokerId: string): Promise<number> {
    const r = await this.open()
      .clearSelect()
      .where('broker_user_id', '=', brokerId)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** All engagements, newest first (officers). */
  async allInterests(limit: number, offset: number): Promise<InterestRow[]> {
    return this.db
      .selectFrom('matching_interests')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .offset(offset)
      .execute();
  }

  async insertEvent(row: Omit<MatchingEventRow, 'at'> & { at: Date }): Promise<void> {
    await this.db.insertInto('matching_events').values(row).execute();
  }

  async eventsOf(interestId: string): Promise<MatchingEventRow[]> {
    return this.db
      .selectFrom('matching_events')
      .selectAll()
      .where('interest_id', '=', interestId)
      .orderBy('at')
      .orderBy('id')
      .execute();
  }

  // ——— brokers ————————————————————————————————————————————————————————————————

  async brokerCapacity(userId: string): Promise<number | undefined> {
    const r = await this.db
      .selectFrom('matching_brokers')
      .select('capacity')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return r?.capacity;
  }

  async setBrokerCapacity(userId: string, capacity: number, at: Date): Promise<void> {
    await this.db
      .insertInto('matching_brokers')
      .values({ user_id: userId, capacity, updated_at: at })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ capacity, updated_at: at }))
      .execute();
  }

  /** Every broker account with its capacity (null: the default) and open assignments. */
  async brokers(): Promise<
    {
      id: string;
      username: string;
      display_name: string;
      affiliation_organisation_id: string | null;
      capacity: number | null;
      open: number;
    }[]
  > {
    const rows = await sql<{
      id: string;
      username: string;
      display_name: string;
      affiliation_organisation_id: string | null;
      capacity: number | null;
      open: string | number;
    }>`
      select u.id, u.username, u.display_name, u.affiliation_organisation_id, b.capacity,
        (select count(*) from matching_interests i where i.broker_user_id = u.id
          and (i.state = 'pending' or (i.state = 'accepted' and i.project_kind is null))) as open
      from users u left join matching_brokers b on b.user_id = u.id
      where u.role = 'broker'
      order by u.username`.execute(this.db);
    return rows.rows.map((r) => ({ ...r, open: Number(r.open) }));
  }

  // ——— funnel and indicators ————————————————————————————————————————————————

  /**
   * The funnel's dated events between two instants (Shanghai dates computed in SQL so months are
   * local): first publications, first-seen matches, accepted interests, contracts, approved projects.
   */
  async funnelEvents(
    from: Date,
    to: Date,
  ): Promise<{ stage: string; date: string; city: string; amount: number | null }[]> {
    const rows = await sql<{ stage: string; date: string; city: string; amount: string | number | null }>`
      select 'listings' as stage, to_char(first_published_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as date, city, null::bigint as amount
        from matching_listings where first_published_at >= ${from} and first_published_at < ${to}
      union all
      select 'matches', to_char(first_seen_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD'), city, null
        from matching_matches where first_seen_at >= ${from} and first_seen_at < ${to}
      union all
      select 'contacts', to_char(answered_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD'), city, null
        from matching_interests where state = 'accepted' and answered_at >= ${from} and answered_at < ${to}
      union all
      select 'contracts', to_char(contract_signed_on, 'YYYY-MM-DD'), city, contract_amount
        from matching_interests where contract_no is not null
          and contract_signed_on >= (${from} at time zone 'Asia/Shanghai')::date
          and contract_signed_on < (${to} at time zone 'Asia/Shanghai')::date
      union all
      select 'funded', to_char(min(d.decided_on), 'YYYY-MM-DD'), i.city, null
        from matching_interests i
        join decisions d on d.application_id = i.application_id and d.organisation_id = i.application_organisation_id
        where d.action = 'approve'
        group by i.id, i.city
        having min(d.decided_on) >= (${from} at time zone 'Asia/Shanghai')::date
          and min(d.decided_on) < (${to} at time zone 'Asia/Shanghai')::date`.execute(this.db);
    return rows.rows.map((r) => ({ ...r, amount: r.amount === null ? null : Number(r.amount) }));
  }

  /** Contracts signed between two dates (inclusive), optionally in one city: the plan's indicator. */
  async contracts(
    from: string,
    to: string,
    city?: string,
  ): Promise<{ id: string; signedOn: string; city: string; amount: number }[]> {
    let q = this.db
      .selectFrom('matching_interests')
      .select(['id', 'contract_signed_on', 'city', 'contract_amount'])
      .where('contract_no', 'is not', null)
      .where('contract_signed_on', '>=', from)
      .where('contract_signed_on', '<=', to);
    if (city) q = q.where('city', '=', city);
    const rows = await q.orderBy('contract_signed_on').orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id,
      signedOn: r.contract_signed_on!,
      city: r.city,
      amount: r.contract_amount!,
    }));
  }
}
