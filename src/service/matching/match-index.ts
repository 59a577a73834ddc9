/**
 * The matcher (src/core/matching/matcher.ts) kept in step with the database. Built from the published
 * listings on first use. This process's own changes are applied as they commit (`apply`); other
 * processes' are picked up by `sync()`, which at most every two seconds reads the listings changed
 * since the last one (updated_at, re-reading a two-minute overlap so a transaction that committed late
 * is not missed — a row read again at the same version is skipped). So several server processes each
 * keep their own index and all follow the database. Group keys (src/core/groups.ts) are
 * recomputed from the registry's links (a small table) on every sync, so a new parent or shareholder
 * link takes effect at once. Times come from the clock port that stamps the rows.
 */
import { groupKeys } from '../../core/groups.ts';
import type { NeedDetails, OfferDetails } from '../../core/matching/listing.ts';
import { type IndexedListing, Matcher, type MatcherContext } from '../../core/matching/matcher.ts';
import { type ListingWithOrg, MatchingRepository } from '../../storage/repositories/matching.ts';
import { OrganisationRepository } from '../../storage/repositories/organisations.ts';
import type { Db } from '../../storage/schema.ts';
import type { Clock } from '../clock.ts';

const OVERLAP_MS = 120_000;
/** How often a process looks for other processes' changes (its own writes are applied at once). */
const SYNC_INTERVAL_MS = 2_000;

/** A stored listing as the matcher reads it (public fields only). */
export function toMatchable(row: ListingWithOrg, group: string): IndexedListing {
  const details = row.details as NeedDetails | OfferDetails;
  return {
    id: row.id,
    side: row.side,
    organisationId: row.organisation_id,
    group,
    title: row.title,
    summary: row.summary,
    keywords: row.keywords,
    sectors: row.sectors,
    city: row.city,
    expiresOn: row.expires_on,
    ...(row.side === 'need' ? { need: details as NeedDetails } : { offer: details as OfferDetails }),
  };
}

export class MatchIndex {
  readonly matcher: Matcher;
  private watermark: Date | null = null;
  private groups = new Map<string, string>();
  /** uscc of each indexed listing's organisation, to re-key groups. */
  private readonly usccOf = new Map<string, string>();
  /** The version of each listing as indexed: a row read again unchanged is not analysed again. */
  private readonly versions = new Map<string, number>();
  private syncing: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    readonly context: MatcherContext,
  ) {
    this.matcher = new Matcher(context);
  }

  /** The group key of an organisation by its USCC (its own USCC when it has no links). */
  groupOf(uscc: string): string {
    return this.groups.get(uscc) ?? uscc;
  }

  private syncedAt = 0;

  /**
   * Follows the database: at most every SYNC_INTERVAL_MS (real time) it reads what other processes
   * changed; this process's own changes arrive through `apply` as they commit.
   */
  async sync(): Promise<void> {
    if (this.watermark && Date.now() - this.syncedAt < SYNC_INTERVAL_MS) return;
    // One sync at a time per process; concurrent callers wait for the running one.
    if (!this.syncing)
      this.syncing = this.run().finally(() => {
        this.syncedAt = Date.now();
        this.syncing = null;
      });
    return this.syncing;
  }

  /** A listing this process just changed (after its transaction committed). */
  apply(row: ListingWithOrg): void {
    if (!this.watermark) return; // not built yet: the first sync reads everything
    if (row.state === 'published') {
      if (this.versions.get(row.id) === row.version && this.matcher.has(row.id)) return;
      this.usccOf.set(row.id, row.organisation_uscc);
      this.versions.set(row.id, row.version);
      this.matcher.upsert(toMatchable(row, this.groupOf(row.organisation_uscc)));
    } else {
      this.usccOf.delete(row.id);
      this.versions.delete(row.id);
      this.matcher.remove(row.id);
    }
  }

  private async run(): Promise<void> {
    const startedAt = this.clock.now();
    const since = this.watermark ? new Date(this.watermark.getTime() - OVERLAP_MS) : null;
    const rows = await new MatchingRepository(this.db).listingsChangedSince(since);
    const links = await new OrganisationRepository(this.db).allGroupLinks();
    const groups = groupKeys(links);
    const regroup = !sameMap(groups, this.groups);
    this.groups = groups;
    const first = this.watermark === null;
    if (first) this.watermark = startedAt;
    for (const row of rows) this.apply(row);
    if (first) this.watermark = null;
    if (regroup) {
      // Links may have changed: re-key listings whose group moved.
      for (const l of [...this.matcher.listings()]) {
        const g = this.groupOf(this.usccOf.get(l.id) ?? l.organisationId);
        if (g !== l.group) this.matcher.upsert({ ...l, group: g }, this.matcher.analysisOf(l.id));
      }
    }
    // The newest change seen or the start of this sync, whichever is later; the next sync re-reads
    // OVERLAP_MS before it.
    const newest = rows.reduce<Date | null>((m, r) => (!m || r.updated_at > m ? r.updated_at : m), null);
    this.watermark = newest && newest > startedAt ? newest : startedAt;
  }
}

function sameMap(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
