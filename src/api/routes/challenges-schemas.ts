/**
 * Response schemas of the 揭榜挂帅 API (src/api/routes/challenges.ts): they document every field in the
 * OpenAPI document and serialise the answers (a field not listed here never leaves the server).
 */
import { z } from 'zod';

export const text = z.object({ zh: z.string(), en: z.string() });
const fen = z.number().int().describe('amount in fen (分)');
const attachment = z.object({ name: z.string(), sha256: z.string(), size: z.number().int() });

export const listOut = z.object({
  id: z.uuid(),
  state: z.string(),
  stateLabel: text,
  basis: z.object({
    measureId: z.string(),
    name: text,
    citation: text,
    quote: z.string().describe('the clause, verbatim'),
    draft: z.boolean().describe('the document is a draft: funding waits until it is adopted'),
    eligibility: text,
  }),
  title: z.string(),
  batch: z.string(),
  coIssuers: z.array(z.string()),
  opensOn: z.string(),
  closesOn: z.string(),
  window: z.object({ phase: z.enum(['upcoming', 'open', 'closed']), label: text }),
  fund: z.string(),
  criteria: z.array(z.object({ code: z.string(), weight: z.number().int(), label: text })),
  quorum: z.number().int(),
  scoreMax: z.number().int(),
  tieBreaks: z.array(z.string()),
  note: z.string().nullable(),
  demo: z.boolean().describe('演示数据'),
  version: z.number().int(),
  publishedAt: z.string().nullable(),
  cancelReason: z.string().nullable().describe('撤销榜单: the reason, shown publicly'),
  cancelledAt: z.string().nullable(),
});

export const listDetailOut = listOut.extend({
  versions: z.array(
    z.object({ version: z.number().int(), note: z.string().nullable(), changedAt: z.string() }),
  ),
  chart: z.object({
    problems: z.number().int(),
    bidsPerProblem: z.array(
      z.object({
        problemId: z.uuid(),
        title: z.string(),
        bids: z
          .number()
          .int()
          .nullable()
          .describe('how many bids (never their content); null to the public until the window closes'),
      }),
    ),
    budgetOffered: fen.describe('sum of the problems’ 揭榜额 ceilings'),
    awarded: fen.nullable().describe('sum of the awarded 揭榜额; null to the public until one is awarded'),
  }),
});

export const problemOut = z.object({
  id: z.uuid(),
  state: z.string(),
  stateLabel: text,
  listId: z.uuid().nullable(),
  poser: z.object({ organisationId: z.uuid(), name: z.string() }),
  title: z.string(),
  need: z.string(),
  indicators: z.array(z.object({ name: z.string(), target: z.string() })),
  deliverables: z.string(),
  timelineMonths: z.number().int(),
  sector: z.string(),
  budgetMin: fen,
  budgetMax: fen,
  coFunds: z.boolean(),
  reviewNote: z.string().nullable(),
  award: z
    .object({
      mode: z.string(),
      winners: z.array(z.object({ bidId: z.uuid(), organisation: z.string() })),
      reason: z.string().nullable(),
      at: z.string(),
    })
    .nullable()
    .describe('公示: the winners by name (never the scores)'),
  version: z.number().int(),
  actions: z.array(z.string()).describe('what the caller may do next'),
});

export const bidOut = z.object({
  id: z.uuid(),
  problemId: z.uuid(),
  state: z.string(),
  organisation: z.object({ id: z.uuid(), name: z.string() }),
  partners: z.array(z.uuid()),
  amount: fen,
  plan: z.string(),
  team: z.string(),
  milestones: z.array(
    z.object({ title: z.string(), dueOn: z.string(), plannedInput: fen, indicators: z.string() }),
  ),
  attachments: z.array(attachment),
  version: z.number().int(),
  submittedAt: z.string(),
});

export const bidVersionOut = z.object({
  version: z.number().int(),
  savedAt: z.string(),
  amount: fen,
  plan: z.string(),
  team: z.string(),
  partners: z.array(z.uuid()),
  milestones: bidOut.shape.milestones,
  attachments: z.array(attachment),
});

export const partnerOut = z.object({
  id: z.uuid(),
  name: z.string(),
  uscc: z.string(),
  kind: z.string(),
  city: z.string(),
});

export const entitlementOut = z.object({
  measureId: z.string(),
  outcome: z.string(),
  eligible: z.boolean(),
  simulated: z.boolean(),
  amount: z.object({ min: fen, max: fen }).nullable().describe('[0, ceiling]: the officer decides within'),
  headline: text.nullable(),
  formula: text.nullable(),
  reasons: z.array(text),
  warnings: z.array(text),
  clause: z.object({ quote: z.string(), citation: text }),
  kept: z.boolean(),
  displacedBy: z.object({ measureId: z.string(), reason: text }).nullable(),
});

export const judgeOut = z.object({
  userId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  kind: z.enum(['expert', 'poser']),
  blocked: z.boolean(),
  conflicts: z.array(z.object({ organisationId: z.uuid(), role: z.string(), reason: z.string(), text })),
});

const rankedOut = z.object({
  bidId: z.uuid(),
  organisation: z.string(),
  amount: fen,
  state: z.string(),
  rank: z.number().int(),
  judges: z.number().int(),
  quorate: z.boolean(),
  totalText: z.string().describe('weighted mean, two decimals rounded down'),
  perCriterion: z.record(z.string(), z.string()),
  decidedBy: z.string().nullable().describe('the tie-break that separated it from the bid above'),
  tied: z.boolean(),
});

export const rankingOut = z.object({
  problemId: z.uuid(),
  ranking: z.array(rankedOut),
  unranked: z.array(rankedOut),
  basis: text,
  sheets: z.array(z.object({ bidId: z.uuid(), judgeId: z.uuid(), scores: z.record(z.string(), z.number()) })),
});

export const projectOut = z.object({
  id: z.uuid(),
  problemId: z.uuid(),
  bidId: z.uuid(),
  organisationId: z.uuid(),
  measureId: z.string(),
  amount: fen.describe('揭榜额'),
  state: z.string(),
  applicationId: z.uuid().nullable(),
  recoveryAmount: fen.nullable(),
  recoveryNote: z.string().nullable(),
  recovery: z
    .object({
      entryId: z.uuid(),
      fund: z.string(),
      year: z.number().int(),
      due: fen.describe('recorded in the fund ledger as due back'),
      returned: fen.describe('returned so far'),
      left: fen.describe('due − returned'),
      recordedOn: z.string(),
      receipts: z.array(
        z.object({ id: z.uuid(), amount: fen, receivedOn: z.string(), note: z.string().nullable() }),
      ),
    })
    .nullable()
    .describe('the fund ledger’s recovery for a failed final 验收 (11·5) and the money returned'),
  version: z.number().int(),
  release: z
    .object({
      rate: z.number().int().describe('the measure’s rate in basis points (3000 = 30%)'),
      approvedAmount: fen.nullable(),
      applicationState: z.string().nullable(),
      tranches: z.array(
        z.object({
          seq: z.number().int(),
          ok: z.boolean().describe('may be released now'),
          rule: z.string().nullable(),
          text: text.nullable(),
          limit: fen.describe('min(rate × input verified up to this milestone, approved amount)'),
          verifiedSoFar: fen,
        }),
      ),
    })
    .describe('what each tranche is checked against before release; the release checks again'),
  milestones: z.array(
    z.object({
      seq: z.number().int(),
      title: z.string(),
      dueOn: z.string(),
      plannedInput: fen,
      final: z.boolean(),
      state: z.string(),
      evidence: z.array(attachment),
      claimedInput: fen.nullable(),
      verifiedInput: fen.nullable(),
      decisionNote: z.string().nullable(),
      tranche: fen.nullable(),
      paymentId: z.uuid().nullable(),
      version: z.number().int(),
    }),
  ),
});
