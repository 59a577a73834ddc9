/**
 * policies/challenges.yaml as data: the legal bases a challenge list (榜单) rests on, the words of the
 * mechanism (出题、答题、阅卷), the stage-release reading and the platform's judging defaults. Built from
 * the parsed file against the catalogue (every basis is a challenge measure of the catalogue, its list a
 * code of reference.challengeLists); every problem is reported at once, naming the file, the path and
 * the rule. `checkChallengeQuotes` checks the quotes against their sources (passed in: this stays pure).
 */
import { z } from 'zod';
import { quoteAppears } from '../catalogue/check.ts';
import { type Catalogue, isMonetary, type Measure } from '../catalogue/types.ts';
import { CatalogueError, type CatalogueIssue } from '../errors.ts';
import type { BasisPoints } from '../money.ts';
import type { Text } from '../text.ts';

const text = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();
const quote = z.string().min(2);

export const TIE_BREAKS = ['criteria_by_weight', 'lower_bid_amount', 'earlier_final_version'] as const;
export type TieBreak = (typeof TIE_BREAKS)[number];

/** A criterion's code: lower-case words, so a list's criteria can be keys of a score sheet. */
export const CRITERION_CODE = /^[a-z][a-z0-9_]{0,39}$/;

export const criterionSchema = z
  .object({
    code: z.string().regex(CRITERION_CODE),
    weight: z.number().int().min(1).max(100),
    label: text,
    description: text.optional(),
  })
  .strict();

const fileSchema = z
  .object({
    bases: z
      .array(
        z
          .object({
            measureId: z.string().min(1),
            list: z.string().min(1),
            name: text,
            source: z.string().min(1),
            quote,
            eligibility: z
              .object({
                scope: z.enum(['nine_cities', 'global']),
                label: text,
                quotes: z.array(quote).min(1),
              })
              .strict(),
            issuing: z.object({ quote, zh: z.string().min(1), en: z.string().min(1) }).strict(),
          })
          .strict(),
      )
      .min(1),
    mechanism: z
      .array(
        z
          .object({
            source: z.string().min(1),
            measureId: z.string().min(1).optional(),
            quote,
            zh: z.string().min(1),
            en: z.string().min(1),
          })
          .strict(),
      )
      .min(1),
    stageRelease: z
      .object({ quote, source: z.string().min(1), zh: z.string().min(1), en: z.string().min(1) })
      .strict(),
    judging: z
      .object({
        platformDefault: z.literal(true),
        note: text,
        scoreMax: z.number().int().min(1).max(1000),
        quorum: z.number().int().min(1).max(50),
        criteria: z.array(criterionSchema).min(1).max(20),
        tieBreaks: z.array(z.enum(TIE_BREAKS)).max(TIE_BREAKS.length),
        reminders: z
          .object({
            windowClosingDays: z.number().int().min(1).max(60),
            milestoneDueDays: z.number().int().min(1).max(120),
          })
          .strict(),
      })
      .strict(),
  })
  .strict();

export type ChallengeFile = z.infer<typeof fileSchema>;
export type Criterion = z.infer<typeof criterionSchema>;

export interface ChallengeBasis {
  /** The catalogue measure the list rests on (000·二, 001·二); a list's id for its legal basis. */
  measureId: string;
  /** The reference code of the list the measure reads (matter.challengeLists). */
  list: string;
  name: Text;
  source: string;
  quote: string;
  /** The special fund the money draws on: the measure's document code. */
  fund: string;
  /** The document is a draft (001): funding under it waits until it is adopted. */
  draft: boolean;
  citation: Text;
  /** The measure's rate ("不超过揭榜额 30%") in basis points: what a stage release is capped by. */
  rate: BasisPoints;
  eligibility: ChallengeFile['bases'][number]['eligibility'];
  issuing: ChallengeFile['bases'][number]['issuing'];
}

export interface ChallengePolicy {
  file: string;
  version: string;
  bases: ChallengeBasis[];
  byMeasure: ReadonlyMap<string, ChallengeBasis>;
  mechanism: ChallengeFile['mechanism'];
  stageRelease: ChallengeFile['stageRelease'];
  judging: ChallengeFile['judging'];
}

function citationOf(measure: Measure): Text {
  const numeral = measure.id.split('·')[1];
  const doc = measure.document;
  return {
    zh: `${doc.number ?? `《${doc.title.zh}》`}第${numeral}条`,
    en: `${doc.number ?? doc.title.en}, measure ${numeral}`,
  };
}

export function buildChallengePolicy(
  file: string,
  data: unknown,
  version: string,
  catalogue: Catalogue,
): ChallengePolicy {
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    throw new CatalogueError(
      parsed.error.issues.map((i) => ({ file, path: i.path.join('.') || '(root)', rule: i.message })),
    );
  }
  const f = parsed.data;
  const issues: CatalogueIssue[] = [];
  const add = (path: string, rule: string): void => {
    issues.push({ file, path, rule });
  };
  const lists = new Set(catalogue.reference.challengeLists.map((l) => l.code));
  const bases: ChallengeBasis[] = [];
  f.bases.forEach((b, i) => {
    const measure = catalogue.byId.get(b.measureId);
    if (!measure) {
      add(`bases.${i}.measureId`, `no measure ${b.measureId} in the catalogue`);
      return;
    }
    if (measure.matterType !== 'challenge')
      add(`bases.${i}.measureId`, `${b.measureId} is not a challenge measure (matterType challenge)`);
    if (!lists.has(b.list)) add(`bases.${i}.list`, `no challenge list ${b.list} in reference.yaml`);
    if (bases.some((x) => x.measureId === b.measureId))
      add(`bases.${i}.measureId`, `${b.measureId} is listed twice`);
    const benefit = measure.benefit;
    if (!isMonetary(benefit) || benefit.kind !== 'rate_cap') {
      add(`bases.${i}.measureId`, `${b.measureId} has no rate: a stage release needs one`);
      return;
    }
    bases.push({
      measureId: measure.id,
      list: b.list,
      name: b.name,
      source: b.source,
      quote: b.quote,
      fund: measure.document.code,
      draft: measure.document.status !== 'in_force',
      citation: citationOf(measure),
      rate: benefit.rate,
      eligibility: b.eligibility,
      issuing: b.issuing,
    });
  });
  const codes = new Set<string>();
  f.judging.criteria.forEach((c, i) => {
    if (codes.has(c.code)) add(`judging.criteria.${i}.code`, `criterion ${c.code} is listed twice`);
    codes.add(c.code);
  });
  if (issues.length > 0) throw new CatalogueError(issues);
  return {
    file,
    version,
    bases,
    byMeasure: new Map(bases.map((b) => [b.measureId, b])),
    mechanism: f.mechanism,
    stageRelease: f.stageRelease,
    judging: f.judging,
  };
}

/** Every quote of the file that does not appear in its source (white space aside). */
export function checkChallengeQuotes(
  policy: ChallengePolicy,
  readSource: (source: string) => string,
): { path: string; quote: string }[] {
  const missing: { path: string; quote: string }[] = [];
  const check = (path: string, source: string, q: string) => {
    if (!quoteAppears(q, readSource(source))) missing.push({ path, quote: q });
  };
  policy.bases.forEach((b, i) => {
    check(`bases.${i}.quote`, b.source, b.quote);
    check(`bases.${i}.issuing.quote`, b.source, b.issuing.quote);
    b.eligibility.quotes.forEach((q, j) => {
      check(`bases.${i}.eligibility.quotes.${j}`, b.source, q);
    });
  });
  policy.mechanism.forEach((m, i) => {
    check(`mechanism.${i}.quote`, m.source, m.quote);
  });
  check('stageRelease.quote', policy.stageRelease.source, policy.stageRelease.quote);
  return missing;
}
