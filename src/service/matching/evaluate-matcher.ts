/**
 * Evaluates the matcher against the plain-keyword baseline on the labelled set in eval/matching/
 * (README.md there: what is in it and how relevance was judged). Reads the three YAML files, indexes
 * the offers, ranks them for every need with both systems, and computes precision@5, recall@10 and
 * nDCG@10 (src/core/matching/evaluate.ts). The set is validated like any listing, so a typo in it
 * fails loudly with the file, the item and the field.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Reference } from '../../core/catalogue/types.ts';
import { InputError } from '../../core/errors.ts';
import { baselineRank } from '../../core/matching/baseline.ts';
import {
  evaluateRankings,
  type Judgements,
  type Metrics,
  type ThresholdMetrics,
  thresholdMetrics,
} from '../../core/matching/evaluate.ts';
import { detailsOf, listingInputSchema } from '../../core/matching/listing.ts';
import { type IndexedListing, Matcher } from '../../core/matching/matcher.ts';
import { createPlainSegmenter } from '../../core/matching/segment.ts';
import { MATCH_THRESHOLD, STRONG_MATCH_THRESHOLD } from '../../core/matching/vocabulary.ts';
import { wanToFen } from '../../core/money.ts';
import { fieldIssues } from '../../core/validation.ts';
import { matcherContext } from './matcher-context.ts';

export const DEFAULT_EVAL_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../eval/matching');

interface RawItem {
  id: string;
  org: string;
  [key: string]: unknown;
}

export interface EvaluationSet {
  needs: IndexedListing[];
  /** Needs held out (`holdout: true`): the score's parameters are calibrated on the others only. */
  holdout: Set<string>;
  offers: IndexedListing[];
  judgements: Map<string, Map<string, number>>;
}

const band = (v: unknown) =>
  Array.isArray(v) ? { min: wanToFen(Number(v[0])), max: wanToFen(Number(v[1])) } : null;

function toListing(
  item: RawItem,
  side: 'need' | 'offer',
  reference: Reference,
  file: string,
): IndexedListing {
  const raw: Record<string, unknown> = {
    side,
    title: item.title,
    summary: item.summary,
    sectors: item.sectors,
    city: item.city,
    contact: { name: '评测', phone: '021-00000000' },
  };
  if (side === 'need') {
    raw.scenario = item.scenario ?? null;
    raw.indicators = ((item.indicators as [string, string][] | undefined) ?? []).map(([name, target]) => ({
      name,
      target,
    }));
    raw.budget = band(item.budgetWan);
    raw.timelineMonths = item.timelineMonths ?? null;
  } else {
    raw.trl = item.trl;
    raw.ipStatus = 'know_how';
    raw.applications = item.applications ?? null;
    raw.needs = item.needs ?? [];
    raw.price = band(item.priceWan);
  }
  const parsed = listingInputSchema(reference).safeParse(raw);
  if (!parsed.success)
    throw new InputError(
      fieldIssues(parsed.error).map((i) => ({ ...i, path: `${file}:${item.id}.${i.path}` })),
    );
  const input = parsed.data;
  return {
    id: item.id,
    side,
    organisationId: item.org,
    group: item.org,
    title: input.title,
    summary: input.summary,
    keywords: input.keywords,
    sectors: input.sectors,
    city: input.city,
    expiresOn: null,
    ...(input.side === 'need' ? { need: detailsOf(input) as never } : { offer: detailsOf(input) as never }),
  };
}

export function loadEvaluationSet(reference: Reference, dir = DEFAULT_EVAL_DIR): EvaluationSet {
  const read = (f: string) => parse(readFileSync(join(dir, f), 'utf8'));
  const rawNeeds = read('needs.yaml').needs as RawItem[];
  const needs = rawNeeds.map((n) => toListing(n, 'need', reference, 'needs.yaml'));
  const offers = (read('offers.yaml').offers as RawItem[]).map((o) =>
    toListing(o, 'offer', reference, 'offers.yaml'),
  );
  const holdout = new Set(rawNeeds.filter((n) => n.holdout === true).map((n) => n.id));
  const ids = new Set([...needs, ...offers].map((l) => l.id));
  const judgements = new Map<string, Map<string, number>>();
  for (const [need, grades] of Object.entries(
    read('judgements.yaml').judgements as Record<string, Record<string, number>>,
  )) {
    for (const id of [need, ...Object.keys(grades)])
      if (!ids.has(id))
        throw new InputError([
          {
            path: `judgements.yaml:${need}`,
            rule: 'unknown_id',
            zh: `未知编号 ${id}`,
            en: `unknown id ${id}`,
          },
        ]);
    judgements.set(need, new Map(Object.entries(grades)));
  }
  return { needs, holdout, offers, judgements };
}

/** One part of the set: the ranking figures of both systems and what the matcher's thresholds do. */
export interface SplitReport {
  needs: number;
  matcher: Metrics;
  baseline: Metrics;
  thresholds: ThresholdMetrics;
}

export interface EvaluationReport {
  needs: number;
  offers: number;
  judged: number;
  /** The whole set (as before the split was introduced). */
  matcher: Metrics;
  baseline: Metrics;
  thresholds: ThresholdMetrics;
  /** dev: what the parameters were calibrated on; holdout: run once after calibration. */
  splits: { dev: SplitReport; holdout: SplitReport };
  /** Each need's top five under both systems (ids), for --per-query. */
  perQuery: {
    need: string;
    holdout: boolean;
    relevant: string[];
    matcher: string[];
    scores: number[];
    baseline: string[];
  }[];
}

export function evaluateMatcher(
  reference: Reference,
  options: { dir?: string; bigrams?: boolean; relevanceFull?: number } = {},
): EvaluationReport {
  const set = loadEvaluationSet(reference, options.dir);
  const ctx = {
    ...matcherContext(reference, { bigrams: options.bigrams }),
    ...(options.relevanceFull !== undefined && { relevanceFull: options.relevanceFull }),
  };
  const matcher = new Matcher(ctx);
  for (const o of set.offers) matcher.upsert(o);
  const plain = createPlainSegmenter();
  const matcherRankings = new Map<string, string[]>();
  const baselineRankings = new Map<string, string[]>();
  // Every scored pair of a need (the matcher scores each offer sharing a term with it; the rest score 0).
  const scores = new Map<string, Map<string, number>>();
  for (const need of set.needs) {
    const ranked = matcher.rank(need, { limit: set.offers.length });
    matcherRankings.set(
      need.id,
      ranked.slice(0, 10).map((p) => p.offerId),
    );
    scores.set(need.id, new Map(ranked.map((p) => [p.offerId, p.score])));
    baselineRankings.set(need.id, baselineRank(need, set.offers, plain, ctx.lexicon.isStopword).slice(0, 10));
  }
  const thresholds = { match: MATCH_THRESHOLD, strong: STRONG_MATCH_THRESHOLD };
  const split = (keep: (id: string) => boolean): SplitReport => {
    const judged = new Map<string, Judgements>([...set.judgements].filter(([id]) => keep(id)));
    return {
      needs: set.needs.filter((n) => keep(n.id)).length,
      matcher: evaluateRankings(matcherRankings, judged),
      baseline: evaluateRankings(baselineRankings, judged),
      thresholds: thresholdMetrics(scores, judged, thresholds),
    };
  };
  return {
    needs: set.needs.length,
    offers: set.offers.length,
    judged: set.judgements.size,
    matcher: evaluateRankings(matcherRankings, set.judgements),
    baseline: evaluateRankings(baselineRankings, set.judgements),
    thresholds: thresholdMetrics(scores, set.judgements, thresholds),
    splits: { dev: split((id) => !set.holdout.has(id)), holdout: split((id) => set.holdout.has(id)) },
    perQuery: set.needs.map((n) => {
      const top = matcherRankings.get(n.id)!.slice(0, 5);
      return {
        need: n.id,
        holdout: set.holdout.has(n.id),
        relevant: [...(set.judgements.get(n.id)?.keys() ?? [])],
        matcher: top,
        scores: top.map((id) => scores.get(n.id)!.get(id)!),
        baseline: baselineRankings.get(n.id)!.slice(0, 5),
      };
    }),
  };
}
