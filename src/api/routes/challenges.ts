/**
 * 揭榜挂帅 challenge lists (000·二, 001·二, 002·四; issue 11): lists (榜单), problems (出题), sealed bids
 * (揭榜/答题), judging with conflicts of interest (阅卷), award and 赛马, the winner's application and its
 * tranches paid per milestone after 验收. Thin: schema in, use case (src/service/challenges), schema out.
 * Published lists and their problems are public (no sign-in); bids are never public and are sealed
 * between bidders on every endpoint. docs/challenges.md lists the endpoints and who may call each.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { challengePolicyFor } from '../../catalogue/load-challenges.ts';
import { TIE_BREAK_LABELS } from '../../core/challenges/scoring.ts';
import { MACHINES, PUBLIC_PROBLEM_STATES } from '../../core/challenges/states.ts';
import { safeText } from '../../core/validation.ts';
import { randomIds } from '../../service/applications/ports.ts';
import { OFFICER_ROLES, ROLES } from '../../service/auth/types.ts';
import { listSchema } from '../../service/challenges/create-list.ts';
import {
  appointSchema,
  awardSchema,
  bidInputSchema,
  cancelSchema,
  decideMilestoneSchema,
  declareSchema,
  downselectSchema,
  evidenceSchema,
  idempotencyKey,
  placeProblemSchema,
  problemInputSchema,
  repaymentSchema,
  reviewProblemSchema,
  scoreSchema,
  version,
} from '../../service/challenges/schemas.ts';
import { type ChallengeService, createChallengeService } from '../../service/challenges/service.ts';
import { createMessageService } from '../../service/messages/service.ts';
import type { ApiContext } from '../context.ts';
import { applicationService } from './applications.ts';
import { attachmentStore, sendFile } from './attachments.ts';
import {
  bidOut,
  bidVersionOut,
  entitlementOut,
  judgeOut,
  listDetailOut,
  listOut,
  partnerOut,
  problemOut,
  projectOut,
  rankingOut,
  text,
} from './challenges-schemas.ts';

const idParams = z.object({ id: z.uuid() });
const milestoneParams = z.object({ id: z.uuid(), seq: z.coerce.number().int().min(1).max(10) });
const versionBody = z.object({ version }).strict().nullish();

export function challengeService(ctx: ApiContext): ChallengeService {
  return createChallengeService({
    db: ctx.db,
    engine: ctx.engine,
    policy: challengePolicyFor(ctx.catalogue),
    clock: ctx.clock,
    ids: randomIds,
    audit: ctx.audit,
    messages: createMessageService({ db: ctx.db, clock: ctx.clock, ids: randomIds }),
    applications: applicationService(ctx),
  });
}

// Who may call what (src/api/access.ts enforces and documents it); the services narrow further
// (an organisation sees its own problems, bids and projects; a judge only problems it sits on).
const ORG = ['enterprise'] as const;
const OFFICERS = OFFICER_ROLES;
const PAYERS = ['approver', 'admin'] as const;
const STAFF = [...OFFICERS, 'auditor'] as const;
const BID_READERS = ['enterprise', 'expert', ...STAFF] as const;
const JUDGES = ['expert', 'enterprise'] as const;
const PROJECT_READERS = ['enterprise', ...STAFF] as const;

export function challengeRoutes(root: FastifyInstance, ctx: ApiContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const service = challengeService(ctx);
  const files = attachmentStore(ctx);
  const policy = service.context.policy;
  const ref = ctx.catalogue.reference;
  const tags = ['challenges'];
  const user = (request: Parameters<ApiContext['requireUser']>[0]) => ctx.requireUser(request);

  // ——— reference and public browsing (公示) ——————————————————————————————————————

  app.get(
    '/api/challenges/reference',
    {
      schema: {
        security: [],
        tags,
        summary:
          '揭榜挂帅参考数据 Legal bases, states and actions, judging defaults, the stage-release reading (public)',
        response: {
          200: z.object({
            bases: z.array(
              z.object({
                measureId: z.string(),
                list: z.string(),
                name: text,
                citation: text,
                quote: z.string(),
                draft: z.boolean(),
                eligibility: text,
              }),
            ),
            mechanism: z.array(
              z.object({
                measureId: z.string().optional(),
                quote: z.string(),
                zh: z.string(),
                en: z.string(),
              }),
            ),
            stageRelease: z.object({ quote: z.string(), zh: z.string(), en: z.string() }),
            judging: z.object({
              platformDefault: z.boolean(),
              note: text,
              scoreMax: z.number().int(),
              quorum: z.number().int(),
              criteria: z.array(z.object({ code: z.string(), weight: z.number().int(), label: text })),
              tieBreaks: z.array(z.object({ code: z.string(), label: text })),
            }),
            machines: z.record(
              z.string(),
              z.object({
                noun: text,
                states: z.array(z.object({ code: z.string(), label: text })),
                actions: z.array(z.object({ code: z.string(), label: text })),
              }),
            ),
          }),
        },
      },
    },
    async () => ({
      bases: policy.bases.map((b) => ({
        measureId: b.measureId,
        list: b.list,
        name: b.name,
        citation: b.citation,
        quote: b.quote,
        draft: b.draft,
        eligibility: b.eligibility.label,
      })),
      mechanism: policy.mechanism,
      stageRelease: policy.stageRelease,
      judging: {
        ...policy.judging,
        tieBreaks: policy.judging.tieBreaks.map((t) => ({ code: t, label: TIE_BREAK_LABELS[t] })),
      },
      machines: Object.fromEntries(
        Object.entries(MACHINES).map(([k, m]) => [
          k,
          {
            noun: m.noun,
            states: m.states.map((s) => ({
              code: s,
              label: (m.stateLabels as Record<string, { zh: string; en: string }>)[s]!,
            })),
            actions: Object.entries(m.actionLabels as Record<string, { zh: string; en: string }>).map(
              ([code, label]) => ({ code, label }),
            ),
          },
        ]),
      ),
    }),
  );

  app.get(
    '/api/challenges/lists',
    {
      schema: {
        security: [],
        tags,
        summary: '榜单 Published lists (public); officers and auditors also see drafts',
        response: { 200: z.object({ items: z.array(listOut) }) },
      },
    },
    async (request) => ({ items: await service.browseLists(await ctx.currentUser(request)) }),
  );

  app.get(
    '/api/challenges/lists/:id',
    {
      schema: {
        security: [],
        tags,
        summary: '榜单详情 A list with its version history and chart (public once published)',
        params: idParams,
        response: { 200: listDetailOut },
      },
    },
    async (request) => service.getList(await ctx.currentUser(request), request.params.id),
  );

  app.get(
    '/api/challenges/problems',
    {
      schema: {
        security: [],
        tags,
        summary:
          '题目 Browse and search problems on published lists (public); `mine` for your organisation’s',
        querystring: z.object({
          listId: z.uuid().optional(),
          q: safeText({ max: 100 }).optional().describe('search in title and need'),
          sector: z.enum(ref.sectors.map((s) => s.code) as [string, ...string[]]).optional(),
          state: z
            .enum(MACHINES.problem.states)
            .optional()
            .describe(`public states: ${PUBLIC_PROBLEM_STATES.join(', ')}`),
          mine: z.enum(['true', 'false']).default('false'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).max(100_000).default(0),
        }),
        response: { 200: z.object({ items: z.array(problemOut), total: z.number().int() }) },
      },
    },
    async (request) => {
      const q = request.query;
      return service.findProblems(await ctx.currentUser(request), {
        listId: q.listId,
        q: q.q,
        sector: q.sector,
        states: q.state ? [q.state] : undefined,
        mine: q.mine === 'true',
        limit: q.limit,
        offset: q.offset,
      });
    },
  );

  app.get(
    '/api/challenges/problems/:id',
    {
      schema: {
        security: [],
        tags,
        summary: '题目详情 One problem (public on a published list; the poser and officers see any state)',
        params: idParams,
        response: { 200: problemOut },
      },
    },
    async (request) => service.getProblem(await ctx.currentUser(request), request.params.id),
  );

  // ——— lists (officers) ——————————————————————————————————————————————————————————

  app.post(
    '/api/challenges/lists',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary: '编制榜单 Draft a list (officers)',
        body: listSchema(service.context),
        response: { 201: listOut },
      },
    },
    async (request, reply) => {
      const view = await service.createList(await user(request), request.body);
      reply.status(201);
      return view;
    },
  );

  app.put(
    '/api/challenges/lists/:id',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary: '修改榜单 Edit a list; after publication only with `reason`, kept as a new public version',
        params: idParams,
        body: listSchema(service.context),
        response: { 200: listOut },
      },
    },
    async (request) => service.editList(await user(request), request.params.id, request.body),
  );

  app.post(
    '/api/challenges/lists/:id/publish',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary: '发布榜单 Publish a list (officers)',
        params: idParams,
        body: versionBody,
        response: { 200: listOut },
      },
    },
    async (request) => service.publishList(await user(request), request.params.id, request.body ?? {}),
  );

  app.post(
    '/api/challenges/lists/:id/cancel',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary: '撤销榜单 Cancel a draft or published list with the reason (officers)',
        description:
          'Every problem still open on it (listed, being judged) is cancelled with the same reason and its live bids are void; bidders and posers are told. A list with an awarded problem (awarded, or 赛马) cannot be cancelled (409 has_awards). A published list stays public as cancelled, with the reason.',
        params: idParams,
        body: cancelSchema,
        response: { 200: listOut },
      },
    },
    async (request) => service.cancelList(await user(request), request.params.id, request.body),
  );

  // ——— problems (出题) ——————————————————————————————————————————————————————————————

  const problemBody = problemInputSchema(ref);
  app.post(
    '/api/challenges/problems',
    {
      config: { access: ORG },
      schema: {
        tags,
        summary: '出题 Propose a problem (organisation users); `submit: true` submits it at once',
        body: problemBody,
        response: { 201: problemOut },
      },
    },
    async (request, reply) => {
      const view = await service.proposeProblem(await user(request), request.body);
      reply.status(201);
      return view;
    },
  );

  app.put(
    '/api/challenges/problems/:id',
    {
      config: { access: ORG },
      schema: {
        tags,
        summary: '修改题目 Edit a draft or returned problem (its poser)',
        params: idParams,
        body: problemBody,
        response: { 200: problemOut },
      },
    },
    async (request) => service.editProblem(await user(request), request.params.id, request.body),
  );

  app.post(
    '/api/challenges/problems/:id/submit',
    {
      config: { access: ORG },
      schema: {
        tags,
        summary: '提交审核 Submit a problem for review (its poser)',
        params: idParams,
        body: versionBody,
        response: { 200: problemOut },
      },
    },
    async (request) => service.submitProblem(await user(request), request.params.id, request.body ?? {}),
  );

  app.post(
    '/api/challenges/problems/:id/review',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary: '审核题目 Accept, return (补正) or reject a problem; return and reject need `reason`',
        params: idParams,
        body: reviewProblemSchema,
        response: { 200: problemOut },
      },
    },
    async (request) => service.reviewProblem(await user(request), request.params.id, request.body),
  );

  app.post(
    '/api/challenges/problems/:id/place',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary: '列入榜单 Place an accepted problem on a list',
        params: idParams,
        body: placeProblemSchema,
        response: { 200: problemOut },
      },
    },
    async (request) => service.placeProblem(await user(request), request.params.id, request.body),
  );

  app.post(
    '/api/challenges/problems/:id/withdraw',
    {
      config: { access: ORG },
      schema: {
        tags,
        summary: '撤回题目 The poser withdraws a problem not yet on a list',
        params: idParams,
        body: versionBody,
        response: { 200: problemOut },
      },
    },
    async (request) => service.withdrawProblem(await user(request), request.params.id, request.body ?? {}),
  );

  app.post(
    '/api/challenges/problems/:id/cancel',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary: '撤题 Cancel an accepted, listed or judged problem with the reason; its live bids are void',
        params: idParams,
        body: cancelSchema,
        response: { 200: problemOut },
      },
    },
    async (request) => service.cancelProblem(await user(request), request.params.id, request.body),
  );

  // ——— bids (揭榜) ————————————————————————————————————————————————————————————————————

  app.get(
    '/api/challenges/problems/:id/entitlement',
    {
      config: { access: ORG },
      schema: {
        tags,
        summary: '可获支持 What Ceyuan would fund for your bid of `amount` (the calculator, live)',
        params: idParams,
        querystring: z.object({
          amount: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).describe('揭榜额 in fen'),
        }),
        response: { 200: entitlementOut },
      },
    },
    async (request) =>
      service.previewEntitlement(await user(request), request.params.id, request.query.amount),
  );

  app.post(
    '/api/challenges/problems/:id/bids',
    {
      config: { access: ORG },
      schema: {
        tags,
        summary:
          '揭榜 Bid on a problem while its list is open; bidding again revises your bid (every version kept)',
        params: idParams,
        body: bidInputSchema,
        response: { 200: z.object({ bid: bidOut, entitlement: entitlementOut, revised: z.boolean() }) },
      },
    },
    async (request) => service.submitBid(await user(request), request.params.id, request.body),
  );

  app.get(
    '/api/challenges/problems/:id/bids',
    {
      config: { access: BID_READERS },
      schema: {
        tags,
        summary:
          '揭榜方案 Bids on a problem: sealed — your own only, until the window closes (officers) and judging opens (judges)',
        params: idParams,
        response: { 200: z.object({ items: z.array(bidOut) }) },
      },
    },
    async (request) => ({ items: await service.bidsOnProblem(await user(request), request.params.id) }),
  );

  app.get(
    '/api/challenges/bids/mine',
    {
      config: { access: ORG },
      schema: {
        tags,
        summary: '我的揭榜 Your organisation’s bids',
        response: { 200: z.object({ items: z.array(bidOut) }) },
      },
    },
    async (request) => ({ items: await service.myBids(await user(request)) }),
  );

  app.get(
    '/api/challenges/bids/:id',
    {
      config: { access: BID_READERS },
      schema: {
        tags,
        summary: '揭榜方案详情 One bid (sealed: anyone not entitled gets 404)',
        params: idParams,
        response: { 200: bidOut.extend({ versions: z.array(z.number().int()) }) },
      },
    },
    async (request) => service.getBid(await user(request), request.params.id),
  );

  app.get(
    '/api/challenges/bids/:id/versions',
    {
      config: { access: BID_READERS },
      schema: {
        tags,
        summary: '揭榜方案历次版本 Every version of a bid as submitted (sealed as the bid: 404 otherwise)',
        params: idParams,
        response: { 200: z.object({ items: z.array(bidVersionOut) }) },
      },
    },
    async (request) => ({ items: await service.bidVersions(await user(request), request.params.id) }),
  );

  app.get(
    '/api/challenges/bids/:id/files/:sha256',
    {
      config: { access: BID_READERS },
      schema: {
        tags,
        summary:
          '揭榜材料 A file a version of the bid names, by SHA-256 (sealed as the bid: 404 otherwise); ?inline=1 to preview',
        description:
          'The bidder uploads its files to the attachment store (subjectType `challenge_bid`, subjectId ' +
          '`<problemId>:<organisationId>`) and the bid names them by hash; a file removed after a version ' +
          'was submitted stays readable here.',
        params: z.object({ id: z.uuid(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
        querystring: z.object({ inline: z.enum(['0', '1']).optional() }),
      },
    },
    async (request, reply) => {
      const who = await user(request);
      const { subjectType, subjectId } = await service.bidFileSubject(
        who,
        request.params.id,
        request.params.sha256,
      );
      const { attachment, bytes } = await files.openByHash(
        who,
        subjectType,
        subjectId,
        request.params.sha256,
      );
      return sendFile(reply, attachment, bytes, request.query.inline === '1');
    },
  );

  app.get(
    '/api/challenges/partners',
    {
      config: { access: ORG },
      schema: {
        tags,
        summary:
          '联合体成员 Registry organisations a bidder may name as partners: name, USCC, kind, city only',
        querystring: z.object({
          q: safeText({ min: 2, max: 100 }).optional().describe('part of the name, or the start of the USCC'),
          ids: z
            .string()
            .max(20 * 37)
            .optional()
            .describe('comma-separated organisation ids (the partners already chosen)')
            .transform((v) => (v ? v.split(',').filter(Boolean) : undefined))
            .pipe(z.array(z.uuid()).max(20).optional()),
        }),
        response: { 200: z.object({ items: z.array(partnerOut) }) },
      },
    },
    async (request) => ({
      items: await service.findPartners(await user(request), request.query),
    }),
  );

  app.post(
    '/api/challenges/bids/:id/withdraw',
    {
      config: { access: ORG },
      schema: {
        tags,
        summary: '撤回揭榜 Withdraw your bid before the deadline',
        params: idParams,
        response: { 200: bidOut },
      },
    },
    async (request) => service.withdrawBid(await user(request), request.params.id),
  );

  // ——— judging (阅卷) ——————————————————————————————————————————————————————————————

  app.post(
    '/api/challenges/problems/:id/judges',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary:
          '任命评审 Appoint experts and the poser’s scorers; conflicts of interest are recorded as blocks',
        params: idParams,
        body: appointSchema,
        response: { 200: z.object({ items: z.array(judgeOut) }) },
      },
    },
    async (request) => ({
      items: await service.appointJudges(await user(request), request.params.id, request.body),
    }),
  );

  app.get(
    '/api/challenges/problems/:id/poser-scorers',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary:
          '出题方阅卷人选 The poser organisation’s active users an officer may appoint as its scorers (name and role only)',
        params: idParams,
        response: {
          200: z.object({
            organisation: z.object({ id: z.uuid(), name: z.string() }),
            items: z.array(z.object({ userId: z.uuid(), displayName: z.string(), role: z.enum(ROLES) })),
          }),
        },
      },
    },
    async (request) => service.poserScorerCandidates(await user(request), request.params.id),
  );

  app.get(
    '/api/challenges/problems/:id/judges',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: '评审名单 The panel with blocks and reasons',
        params: idParams,
        response: { 200: z.object({ items: z.array(judgeOut) }) },
      },
    },
    async (request) => ({ items: await service.readPanel(await user(request), request.params.id) }),
  );

  app.get(
    '/api/challenges/judging',
    {
      config: { access: JUDGES },
      schema: {
        tags,
        summary: '我的评审 Problems you sit on as a judge, with your block if any',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                problem: problemOut,
                blocked: z.boolean(),
                conflicts: judgeOut.shape.conflicts,
                sheets: z
                  .array(
                    z.object({
                      bidId: z.uuid(),
                      scores: z.record(z.string(), z.number()),
                      comment: z.string().nullable(),
                      scoredAt: z.string(),
                    }),
                  )
                  .describe('your own sheets on this problem'),
              }),
            ),
            declarations: z
              .array(z.object({ organisationId: z.uuid(), note: z.string() }))
              .describe('relations you declared (experts)'),
          }),
        },
      },
    },
    async (request) => service.myPanels(await user(request)),
  );

  app.post(
    '/api/challenges/declarations',
    {
      config: { access: ['expert'] },
      schema: {
        tags,
        summary:
          '申报关联关系 Declare a relation with an organisation (experts): it blocks you from its problems',
        body: declareSchema,
        response: {
          200: z.object({ items: z.array(z.object({ organisationId: z.uuid(), note: z.string() })) }),
        },
      },
    },
    async (request) => ({ items: await service.declareRelation(await user(request), request.body) }),
  );

  app.post(
    '/api/challenges/problems/:id/open-judging',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary: '开始评审 Open judging after the deadline (the seal lifts for the panel)',
        params: idParams,
        body: versionBody,
        response: { 200: problemOut },
      },
    },
    async (request) => service.openJudging(await user(request), request.params.id, request.body ?? {}),
  );

  app.post(
    '/api/challenges/bids/:id/scores',
    {
      config: { access: JUDGES },
      schema: {
        tags,
        summary: '评分 Score a bid (an appointed, unblocked judge); sending again replaces your sheet',
        params: idParams,
        body: scoreSchema,
        response: {
          200: z.object({
            bidId: z.uuid(),
            scores: z.record(z.string(), z.number()),
            comment: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => service.scoreBid(await user(request), request.params.id, request.body),
  );

  app.get(
    '/api/challenges/problems/:id/ranking',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: '排名 The ranking, recomputed from the stored sheets',
        params: idParams,
        response: { 200: rankingOut },
      },
    },
    async (request) => service.readRanking(await user(request), request.params.id),
  );

  app.post(
    '/api/challenges/problems/:id/award',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary: '确定揭榜结果 Award one bid, several in parallel (赛马), or declare that nobody won',
        description:
          'An officer who scored may not decide (separation of duties). Winners are public at once (公示).',
        params: idParams,
        body: awardSchema,
        response: { 200: problemOut },
      },
    },
    async (request) => service.awardProblem(await user(request), request.params.id, request.body),
  );

  app.post(
    '/api/challenges/problems/:id/downselect',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary: '赛马择优 Keep some racing teams, drop the others (their projects stop)',
        params: idParams,
        body: downselectSchema,
        response: { 200: problemOut },
      },
    },
    async (request) => service.downselectProblem(await user(request), request.params.id, request.body),
  );

  // ——— projects, 验收 and tranches ——————————————————————————————————————————————————————

  app.get(
    '/api/challenges/projects',
    {
      config: { access: PROJECT_READERS },
      schema: {
        tags,
        summary: '揭榜项目 Projects (your organisation’s; officers and auditors: all)',
        querystring: z.object({ listId: z.uuid().optional(), problemId: z.uuid().optional() }),
        response: { 200: z.object({ items: z.array(projectOut) }) },
      },
    },
    async (request) => ({ items: await service.listProjects(await user(request), request.query) }),
  );

  app.get(
    '/api/challenges/projects/:id',
    {
      config: { access: PROJECT_READERS },
      schema: {
        tags,
        summary: '揭榜项目详情 One project with its milestones and tranches',
        params: idParams,
        response: { 200: projectOut },
      },
    },
    async (request) => service.getProject(await user(request), request.params.id),
  );

  app.post(
    '/api/challenges/projects/:id/application',
    {
      config: { access: ORG },
      schema: {
        tags,
        summary: '申请经费 The winner’s draft application, prefilled (揭榜额, list, measure); once only',
        params: idParams,
        response: { 200: z.object({ project: projectOut, applicationId: z.uuid() }) },
      },
    },
    async (request) => service.startApplication(await user(request), request.params.id),
  );

  app.post(
    '/api/challenges/projects/:id/schedule',
    {
      config: { access: PAYERS },
      schema: {
        tags,
        summary: '安排分阶段拨付 Schedule the application’s stages as the milestones’ tranches (after 公示)',
        params: idParams,
        response: { 200: projectOut },
      },
    },
    async (request) => service.scheduleTranches(await user(request), request.params.id),
  );

  app.post(
    '/api/challenges/projects/:id/milestones/:seq/evidence',
    {
      config: { access: ORG },
      schema: {
        tags,
        summary: '提交验收材料 Submit a milestone’s evidence (files by SHA-256) and claimed input',
        params: milestoneParams,
        body: evidenceSchema,
        response: { 200: projectOut },
      },
    },
    async (request) =>
      service.submitEvidence(await user(request), request.params.id, request.params.seq, request.body),
  );

  app.post(
    '/api/challenges/projects/:id/milestones/:seq/decision',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary:
          '验收结论 Pass, conditional pass or fail a milestone, with the verified input; a failed final one stops payments',
        params: milestoneParams,
        body: decideMilestoneSchema,
        response: { 200: projectOut },
      },
    },
    async (request) =>
      service.decideMilestone(await user(request), request.params.id, request.params.seq, request.body),
  );

  app.post(
    '/api/challenges/projects/:id/milestones/:seq/release',
    {
      config: { access: PAYERS },
      schema: {
        tags,
        summary: '拨付本期 Release a milestone’s tranche (Idempotency-Key header required)',
        description:
          'Only after the milestone’s 验收 passed and the earlier tranches are paid, and only while what is released stays within 30% of the project input verified so far and the approved amount. The same key for the same tranche replays the first payment (replayed: true).',
        params: milestoneParams,
        headers: z.object({ 'idempotency-key': idempotencyKey }),
        body: z.object({}).strict().optional(),
        response: {
          200: z.object({
            project: projectOut,
            paymentId: z.uuid(),
            amount: z.number().int(),
            replayed: z.boolean(),
          }),
        },
      },
    },
    async (request) =>
      service.releaseTranche(
        await user(request),
        request.params.id,
        request.params.seq,
        request.headers['idempotency-key'],
      ),
  );

  app.post(
    '/api/challenges/projects/:id/repayments',
    {
      config: { access: PAYERS },
      schema: {
        tags,
        summary: '登记退回款 Record money a failed project returned (Idempotency-Key header required)',
        description:
          'A failed final 验收 records what is due back in the fund ledger (recovery); each receipt is a `recovered` entry against it in the same fund and year. Partial receipts are fine; never more than is still due (400 amount above_due), nothing when nothing is due (409). The same key and amount replays the first receipt (replayed: true); a key used for another receipt is 409 IDEMPOTENCY_KEY_REUSED.',
        params: idParams,
        headers: z.object({ 'idempotency-key': idempotencyKey }),
        body: repaymentSchema,
        response: {
          200: z.object({
            project: projectOut,
            entryId: z.uuid(),
            amount: z.number().int(),
            replayed: z.boolean(),
          }),
        },
      },
    },
    async (request) =>
      service.recordRepayment(
        await user(request),
        request.params.id,
        request.body,
        request.headers['idempotency-key'],
      ),
  );
}
