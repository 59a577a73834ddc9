/**
 * The matcher: two BM25 indexes (needs, offers) over analysed listings, and the ranking of one
 * listing's counterparts. For a listing it (1) retrieves the other side's candidates by BM25 over its
 * terms, (2) scores each candidate pair with every factor (score.ts), the text factor taken in both
 * directions so a pair scores the same whichever side asks, and (3) sorts by score. Pairs within one
 * group of organisations (same organisation, parent, shareholder: `group`) and listings expired on
 * the date are left out. Pure and in memory: the service keeps it in step with the database.
 */
import type { Text } from '../text.ts';
import { type Analysis, analyse, BIGRAM_PREFIX } from './analyse.ts';
import { Bm25Index, type Bm25Params, DEFAULT_BM25 } from './bm25.ts';
import type { Lexicon } from './lexicon.ts';
import { listingTextParts, type MatchableListing } from './listing.ts';
import { type CityRole, type MatchedTerm, type PairScore, scorePair, type TextEvidence } from './score.ts';
import type { Segmenter } from './segment.ts';
import type { Side } from './vocabulary.ts';

export interface IndexedListing extends MatchableListing {
  /** The group of organisations the publisher belongs to (its own id when it has no links). */
  group: string;
}

export interface MatcherContext {
  lexicon: Lexicon;
  segmenter: Segmenter;
  cityRole: CityRole;
  sectorLabel: (code: string) => Text;
  bm25?: Bm25Params;
  /** Character bigrams for unknown compounds (default true); the evaluation compares both. */
  bigrams?: boolean;
  /** The relevance gate's full point (default score.ts RELEVANCE_FULL); the evaluation calibrates it. */
  relevanceFull?: number;
}

export interface RankOptions {
  limit?: number;
  /** Listings whose last day is before this date are left out. */
  asOf?: string;
  /** Leave out the listing with this id too (e.g. one being replaced). */
  exclude?: ReadonlySet<string>;
  /** Candidates retrieved by BM25 before every factor is scored (default max(200, 10 × limit)). */
  candidates?: number;
}

interface Entry {
  listing: IndexedListing;
  analysis: Analysis;
}

export class Matcher {
  private readonly indexes: Record<Side, Bm25Index>;
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly ctx: MatcherContext) {
    const p = ctx.bm25 ?? DEFAULT_BM25;
    this.indexes = { need: new Bm25Index(p), offer: new Bm25Index(p) };
  }

  get size(): Record<Side, number> {
    return { need: this.indexes.need.size, offer: this.indexes.offer.size };
  }

  analyse(listing: MatchableListing, surfaces = false): Analysis {
    return analyse(listingTextParts(listing), this.ctx.segmenter, this.ctx.lexicon, {
      bigrams: this.ctx.bigrams ?? true,
      surfaces,
    });
  }

  /** The entry again with how each term was written (for the explanation of a shown pair). */
  private withSurfaces(e: Entry): Entry {
    return { listing: e.listing, analysis: this.analyse(e.listing, true) };
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  get(id: string): IndexedListing | undefined {
    return this.entries.get(id)?.listing;
  }

  /** The stored analysis of an indexed listing (to re-key it without analysing again). */
  analysisOf(id: string): Analysis | undefined {
    return this.entries.get(id)?.analysis;
  }

  /** Adds or replaces a published listing. */
  upsert(listing: IndexedListing, analysis: Analysis = this.analyse(listing)): void {
    const old = this.entries.get(listing.id);
    if (old && old.listing.side !== listing.side) this.indexes[old.listing.side].remove(listing.id);
    this.entries.set(listing.id, { listing, analysis });
    this.indexes[listing.side].add(listing.id, analysis.terms, analysis.length);
  }

  remove(id: string): void {
    const old = this.entries.get(id);
    if (!old) return;
    this.indexes[old.listing.side].remove(id);
    this.entries.delete(id);
  }

  /** Every indexed listing of a side (for the public browse). */
  *listings(side?: Side): IterableIterator<IndexedListing> {
    for (const e of this.entries.values()) if (!side || e.listing.side === side) yield e.listing;
  }

  /** The counterparts of a listing (indexed or not), best first. */
  rank(listing: IndexedListing, options: RankOptions = {}): PairScore[] {
    const limit = options.limit ?? 20;
    const other: Side = listing.side === 'need' ? 'offer' : 'need';
    const analysis = this.entries.get(listing.id)?.analysis ?? this.analyse(listing);
    const hits = this.indexes[other].search(analysis.terms, (id) => {
      const e = this.entries.get(id);
      if (!e) return false;
      if (e.listing.group === listing.group) return false;
      if (options.exclude?.has(id)) return false;
      if (options.asOf && e.listing.expiresOn !== null && e.listing.expiresOn < options.asOf) return false;
      return true;
    });
    const cap = options.candidates ?? Math.max(200, limit * 10);
    hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    const self: Entry = { listing, analysis };
    const order = (n: Entry, o: Entry) => (listing.side === 'need' ? [n, o] : [o, n]) as [Entry, Entry];
    // Every candidate is scored on every factor; only the ones shown get the full explanation.
    const scored = hits.slice(0, cap).map((h) => {
      const e = this.entries.get(h.id)!;
      const [n, o] = order(self, e);
      return { entry: e, pair: this.pair(n, o) };
    });
    scored.sort(
      (a, b) =>
        b.pair.score - a.pair.score ||
        (a.pair.needId + a.pair.offerId < b.pair.needId + b.pair.offerId ? -1 : 1),
    );
    const shown = scored.slice(0, limit);
    if (shown.length === 0) return [];
    const selfFull = this.withSurfaces(self);
    return shown.map(({ entry }) => {
      const [n, o] = order(selfFull, this.withSurfaces(entry));
      return this.pair(n, o);
    });
  }

  /** One pair's score and explanation (either may be unindexed, e.g. a draft). */
  explain(need: IndexedListing, offer: IndexedListing): PairScore {
    return this.pair(
      { listing: need, analysis: this.analyse(need, true) },
      { listing: offer, analysis: this.analyse(offer, true) },
    );
  }

  /** Free-text search of one side (public browse), best first. */
  search(
    text: string,
    side: Side,
    accept: (l: IndexedListing) => boolean = () => true,
  ): { id: string; score: number }[] {
    const q = analyse({ strong: [], body: [text] }, this.ctx.segmenter, this.ctx.lexicon, {
      bigrams: this.ctx.bigrams ?? true,
    });
    const index = this.indexes[side];
    return index
      .search(q.terms, (id) => {
        const e = this.entries.get(id);
        return e !== undefined && accept(e.listing);
      })
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  }

  private share(index: Bm25Index, query: Analysis, doc: Entry): number {
    const ceiling = index.ceiling(query.terms);
    if (ceiling <= 0) return 0;
    const s = index.has(doc.listing.id)
      ? index.score(query.terms, doc.listing.id)
      : index.scoreExternal(query.terms, doc.analysis.terms, doc.analysis.length);
    return s / ceiling;
  }

  private pair(need: Entry, offer: Entry): PairScore {
    const text = this.textEvidence(need, offer);
    return scorePair(
      need.listing,
      offer.listing,
      text,
      { need: need.analysis.sectorEvidence, offer: offer.analysis.sectorEvidence },
      {
        cityRole: this.ctx.cityRole,
        sectorLabel: this.ctx.sectorLabel,
        ...(this.ctx.relevanceFull !== undefined && { relevanceFull: this.ctx.relevanceFull }),
      },
    );
  }

  private textEvidence(need: Entry, offer: Entry): TextEvidence {
    const offers = this.indexes.offer;
    const shareNeedToOffer = this.share(offers, need.analysis, offer);
    const shareOfferToNeed = this.share(this.indexes.need, offer.analysis, need);
    // Explanation terms: the need's query against the offer, words only (bigrams are recall, not reasons).
    const contributions = offers.has(offer.listing.id)
      ? offers.contributions(need.analysis.terms, offer.listing.id)
      : [...need.analysis.terms.keys()]
          .filter((t) => offer.analysis.terms.has(t))
          .map((t) => ({
            term: t,
            score: offers.scoreExternal(
              new Map([[t, need.analysis.terms.get(t)!]]),
              offer.analysis.terms,
              offer.analysis.length,
            ),
          }))
          .sort((a, b) => b.score - a.score);
    const total = contributions.reduce((s, c) => s + c.score, 0);
    const matchedTerms: MatchedTerm[] = contributions
      .filter((c) => !c.term.startsWith(BIGRAM_PREFIX))
      .slice(0, 10)
      .map((c) => ({
        term: c.term,
        needSaid: [...(need.analysis.surfaces.get(c.term) ?? [])],
        offerSaid: [...(offer.analysis.surfaces.get(c.term) ?? [])],
        share: total > 0 ? Math.round((100 * c.score) / total) : 0,
      }));
    // The need's words the offer lacks, most informative (rare in offers, frequent in the need) first.
    const n = Math.max(offers.size, 1);
    const unmatchedNeedTerms = [...need.analysis.terms.entries()]
      .filter(([t]) => !t.startsWith(BIGRAM_PREFIX) && !offer.analysis.terms.has(t))
      .map(([t, tf]) => ({ t, w: tf * Math.log(1 + (n - offers.df(t) + 0.5) / (offers.df(t) + 0.5)) }))
      .sort((a, b) => b.w - a.w || (a.t < b.t ? -1 : 1))
      .slice(0, 6)
      .map((x) => x.t);
    return { shareNeedToOffer, shareOfferToNeed, matchedTerms, unmatchedNeedTerms };
  }
}
