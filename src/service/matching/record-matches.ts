/**
 * When a listing is published (or renewed), its counterparts are ranked and every pair at or above
 * MATCH_THRESHOLD is recorded (matching_matches: the funnel's "matches"); a pair at or above
 * STRONG_MATCH_THRESHOLD tells both organisations through the inbox, once per pair (dedupe key) — in
 * the publishing transaction, so the notice commits with the publication. Scores are symmetric, so
 * ranking from the new listing's side finds every new pair.
 */
import {
  MATCH_THRESHOLD,
  MATCHES_RECORDED_PER_LISTING,
  STRONG_MATCH_THRESHOLD,
} from '../../core/matching/vocabulary.ts';
import { type ListingWithOrg, MatchingRepository } from '../../storage/repositories/matching.ts';
import type { Tx } from '../../storage/schema.ts';
import type { MatchingContext } from './context.ts';
import { toMatchable } from './match-index.ts';

export async function recordMatches(
  ctx: MatchingContext,
  tx: Tx,
  row: ListingWithOrg,
): Promise<{ recorded: number; strong: number }> {
  const index = ctx.index;
  const listing = toMatchable(row, index.groupOf(row.organisation_uscc));
  const pairs = index.matcher
    .rank(listing, { limit: MATCHES_RECORDED_PER_LISTING, asOf: ctx.today(), exclude: new Set([row.id]) })
    .filter((p) => p.score >= MATCH_THRESHOLD);
  const repo = new MatchingRepository(tx);
  const others = new Map(
    (await repo.listingsByIds(pairs.map((p) => (row.side === 'need' ? p.offerId : p.needId)))).map((r) => [
      r.id,
      r,
    ]),
  );
  const at = ctx.clock.now();
  let strong = 0;
  for (const p of pairs) {
    const other = others.get(row.side === 'need' ? p.offerId : p.needId);
    // The index may be a moment behind the database: a counterpart withdrawn since is skipped.
    if (other?.state !== 'published') continue;
    const need = row.side === 'need' ? row : other;
    const offer = row.side === 'need' ? other : row;
    await repo.upsertMatch({
      need_id: need.id,
      offer_id: offer.id,
      need_organisation_id: need.organisation_id,
      offer_organisation_id: offer.organisation_id,
      score: p.score,
      breakdown: JSON.stringify({
        factors: p.factors,
        gate: p.gate,
        matchedTerms: p.matchedTerms,
        missing: p.missing,
      }),
      city: need.city,
      first_seen_at: at,
      last_seen_at: at,
    });
    if (p.score < STRONG_MATCH_THRESHOLD) continue;
    strong += 1;
    for (const [mine, theirs] of [
      [need, offer],
      [offer, need],
    ] as const) {
      await ctx.notify(tx, {
        to: { organisationId: mine.organisation_id },
        kind: 'matching.strong_match',
        subject: {
          zh: `新的高匹配${theirs.side === 'offer' ? '成果' : '需求'}（${p.score}分）：${theirs.title}`,
          en: `New strong match (${p.score}): ${theirs.title}`,
        },
        body: {
          zh: `与您的“${mine.title}”匹配度 ${p.score} 分。${p.factors.map((f) => `${f.label.zh} ${f.points}/${f.max}`).join('，')}`,
          en: `Scores ${p.score} against your "${mine.title}". ${p.factors.map((f) => `${f.label.en} ${f.points}/${f.max}`).join(', ')}`,
        },
        link: `/matching/listings/${mine.id}/matches`,
        ref: `matching_listing:${theirs.id}`,
        dedupeKey: `matching.strong:${need.id}:${offer.id}:${mine.organisation_id}`,
      });
    }
  }
  return { recorded: pairs.length, strong };
}
