/**
 * 双向发榜 (002·六): universities and institutes publish offers (成果榜), enterprises publish needs
 * (需求榜), Ceyuan matches them in Chinese with reasons, and follows a match through interest,
 * contacts, meetings and the technology contract to a 产学研 / 创新联合体 project and its prefilled
 * self-check. Thin: schema in, use case (src/service/matching), schema out. Browsing, search, one
 * listing and its matches are public (no sign-in) and never carry contact details.
 * docs/matching.md lists the endpoints, who may call each and what each page of the web uses.
 */
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ConflictError } from '../../core/errors.ts';
import {
  contractSchema,
  expressInterestSchema,
  meetingSchema,
  noteSchema,
  projectSchema,
} from '../../core/matching/engagement.ts';
import { FUNNEL_STAGE_LABELS, FUNNEL_STAGES } from '../../core/matching/funnel.ts';
import { LINT_RULES } from '../../core/matching/lint.ts';
import { listingInputSchema } from '../../core/matching/listing.ts';
import { PROJECT_KIND_LABELS, PROJECT_KINDS, PROJECT_MEASURES } from '../../core/matching/prefill.ts';
import { RELEVANCE_FULL, requiredTrl } from '../../core/matching/score.ts';
import {
  ENGAGEMENT_STAGE_LABELS,
  ENGAGEMENT_STAGES,
  INTEREST_ACTION_LABELS,
  INTEREST_STATE_LABELS,
  INTEREST_TRANSITIONS,
  LISTING_ACTION_LABELS,
  LISTING_REVIEWER_ROLES,
  LISTING_STATE_LABELS,
  LISTING_STATES,
  LISTING_TRANSITIONS,
} from '../../core/matching/states.ts';
import * as vocabulary from '../../core/matching/vocabulary.ts';
import { isoDate, safeText } from '../../core/validation.ts';
import { randomIds } from '../../service/applications/ports.ts';
import { OFFICER_ROLES } from '../../service/auth/types.ts';
import { createMatchingService, type MatchingService } from '../../service/matching/service.ts';
import { createMessageService } from '../../service/messages/service.ts';
import type { ApiContext } from '../context.ts';
import { timedJob } from '../timed-jobs.ts';
import { applicationService, stateListQuery } from './applications.ts';
import {
  funnelOut,
  interestOut,
  lintFindingOut,
  listingOut,
  matchOut,
  pageOf,
  queueItemOut,
} from './matching-schemas.ts';

const idParams = z.object({ id: z.uuid() });
const version = z.number().int().min(1).optional().describe('the version you saw: a stale one is 409');
const reason = safeText({ max: 2000, multiline: true }).nullable().optional();
const paging = {
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
};
const statesQuery = stateListQuery(LISTING_STATES, 200);

export function matchingService(ctx: ApiContext): MatchingService {
  return createMatchingService({
    db: ctx.db,
    engine: ctx.engine,
    clock: ctx.clock,
    ids: randomIds,
    audit: ctx.audit,
    messages: createMessageService({ db: ctx.db, clock: ctx.clock, ids: randomIds }),
    applications: applicationService(ctx),
  });
}

/** The expiry scan's job on the platform's queue (docs/operations.md, Jobs). */
export const EXPIRE_LISTINGS_JOB = 'matching.expire-listings';

// Who may call what (src/api/access.ts enforces and documents it); the services narrow further
// (an organisation sees its own; a broker their assignments).
const ORG = ['enterprise'] as const;
const OFFICERS = OFFICER_ROLES;
const REVIEWERS = [...OFFICERS, 'broker'] as const;
const STAFF = [...REVIEWERS, 'auditor'] as const;
const READERS = ['enterprise', ...STAFF] as const;
const PARTIES = ['enterprise', 'broker'] as const;
const QUEUE = ['broker', ...OFFICERS] as const;
const BROKER = ['broker'] as const;
const OFFICERS_AUDITOR = [...OFFICERS, 'auditor'] as const;

export function matchingRoutes(root: FastifyInstance, ctx: ApiContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const service = matchingService(ctx);
  const tags = ['matching'];
  const ref = ctx.catalogue.reference;
  const listingBody = listingInputSchema(ref);

  // The expiry scan (expiry and renewal reminders) is a job on the platform's queue, so with several
  // servers exactly one runs it: hourly at :13, and once when a server starts (one job however many
  // servers ask). Idempotent: each listing steps only from published, each reminder has its dedupe key.
  timedJob(app, ctx, {
    name: EXPIRE_LISTINGS_JOB,
    cron: '13 * * * *',
    handler: async () => {
      const r = await service.expireListings(null);
      if (r.expired || r.reminded) ctx.logger.info(r, 'matching expiry scan');
    },
    options: { policy: 'stately', retryLimit: 3, expireInSeconds: 15 * 60 },
  });

  // ——— reference ——————————————————————————————————————————————————————————————

  app.get(
    '/api/matching/reference',
    {
      schema: {
        security: [],
        tags,
        summary: '双向发榜参考数据 Vocabulary, limits, states, factors and lint rules (public)',
        description:
          'Everything a page needs to label and validate without hard-coding: served from the core as data.',
      },
    },
    async () => ({
      sides: vocabulary.SIDES.map((code) => ({
        code,
        label: vocabulary.SIDE_LABELS[code],
        publisherKinds: vocabulary.PUBLISHER_KINDS[code],
      })),
      trl: vocabulary.TRL_LABELS.map((label, i) => ({ level: i + 1, label })),
      requiredTrl: [6, 12, 24, 36, 60].map((months) => ({
        timelineMonthsUpTo: months,
        trl: requiredTrl(months),
      })),
      ipStatuses: vocabulary.IP_STATUSES.map((code) => ({ code, label: vocabulary.IP_STATUS_LABELS[code] })),
      patentKinds: vocabulary.PATENT_KINDS.map((code) => ({
        code,
        label: vocabulary.PATENT_KIND_LABELS[code],
      })),
      offerNeeds: vocabulary.OFFER_NEEDS.map((code) => ({ code, label: vocabulary.OFFER_NEED_LABELS[code] })),
      transferModes: vocabulary.TRANSFER_MODES.map((code) => ({
        code,
        label: vocabulary.TRANSFER_MODE_LABELS[code],
      })),
      ipExpectations: vocabulary.IP_EXPECTATIONS.map((code) => ({
        code,
        label: vocabulary.IP_EXPECTATION_LABELS[code],
      })),
      sectors: ref.sectors,
      cities: ref.cities.map((c) => ({ code: c.code, zh: c.zh, en: c.en, role: c.role })),
      validity: vocabulary.LISTING_VALIDITY,
      renewalWindowDays: vocabulary.RENEWAL_WINDOW_DAYS,
      thresholds: {
        match: vocabulary.MATCH_THRESHOLD,
        strong: vocabulary.STRONG_MATCH_THRESHOLD,
        relevanceFull: RELEVANCE_FULL,
      },
      factors: vocabulary.FACTORS.map((code) => ({
        code,
        label: vocabulary.FACTOR_LABELS[code],
        max: vocabulary.FACTOR_POINTS[code],
      })),
      listingStates: LISTING_STATES.map((code) => ({ code, label: LISTING_STATE_LABELS[code] })),
      listingTransitions: LISTING_TRANSITIONS.map((t) => ({ ...t, label: LISTING_ACTION_LABELS[t.action] })),
      reviewerRoles: LISTING_REVIEWER_ROLES,
      interestStates: Object.entries(INTEREST_STATE_LABELS).map(([code, label]) => ({ code, label })),
      interestTransitions: INTEREST_TRANSITIONS.map((t) => ({
        ...t,
        label: INTEREST_ACTION_LABELS[t.action],
      })),
      engagementStages: ENGAGEMENT_STAGES.map((code) => ({ code, label: ENGAGEMENT_STAGE_LABELS[code] })),
      funnelStages: FUNNEL_STAGES.map((code) => ({ code, label: FUNNEL_STAGE_LABELS[code] })),
      lintRules: Object.entries(LINT_RULES).map(([rule, r]) => ({
        rule,
        severity: r.severity,
        text: r.text,
      })),
      projectKinds: PROJECT_KINDS.map((code) => ({
        code,
        label: PROJECT_KIND_LABELS[code],
        measureIds: PROJECT_MEASURES[code],
      })),
      clocks: {
        interestAnswerDays: vocabulary.INTEREST_ANSWER_DAYS,
        brokerResponseHours: vocabulary.BROKER_RESPONSE_HOURS,
        defaultBrokerCapacity: vocabulary.DEFAULT_BROKER_CAPACITY,
      },
    }),
  );

  // ——— public browsing ——————————————————————————————————————————————————————————

  app.get(
    '/api/matching/listings',
    {
      schema: {
        security: [],
        tags,
        summary: '浏览与搜索榜单 Browse and search published listings (public, no contact details)',
        description:
          'With `q`, ranked by relevance (the same Chinese analysis as matching: jieba + lexicon + synonyms); without, newest period first.',
        querystring: z.object({
          side: z.enum(vocabulary.SIDES).optional(),
          q: safeText({ max: 200 }).optional().describe('search text, e.g. 相控阵 降本'),
          sector: z.enum(ref.sectors.map((s) => s.code) as [string, ...string[]]).optional(),
          city: z.enum(ref.cities.map((c) => c.code) as [string, ...string[]]).optional(),
          trlMin: z.coerce.number().int().min(1).max(9).optional().describe('offers at or above this TRL'),
          ...paging,
        }),
        response: { 200: pageOf(listingOut.extend({ relevance: z.number().nullable() })) },
      },
    },
    async (request) => service.browseListings(await ctx.currentUser(request), request.query),
  );

  app.get(
    '/api/matching/listings/:id',
    {
      schema: {
        security: [],
        tags,
        summary:
          '榜单详情 One listing (public when published; owner and staff see any state and the contact)',
        params: idParams,
        response: { 200: listingOut },
      },
    },
    async (request) => service.getListing(await ctx.currentUser(request), request.params.id),
  );

  app.get(
    '/api/matching/listings/:id/matches',
    {
      schema: {
        security: [],
        tags,
        summary:
          '匹配结果 A listing’s ranked counterparts with score breakdown, matched terms and what is missing',
        description:
          'Public for a published listing; for a draft, a preview for its owner and staff. Pairs within one group of organisations are left out.',
        params: idParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(50).default(20) }),
        response: { 200: z.object({ listing: listingOut, items: z.array(matchOut) }) },
      },
    },
    async (request) =>
      service.findMatches(await ctx.currentUser(request), request.params.id, request.query.limit),
  );

  // ——— publishing ——————————————————————————————————————————————————————————————

  app.post(
    '/api/matching/lint',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: '发榜检查 Lint a draft without saving it (signed in)',
        body: listingBody,
        response: { 200: z.object({ findings: z.array(lintFindingOut) }) },
      },
    },
    async (request) => {
      await ctx.requireUser(request);
      return { findings: service.lint(request.body) };
    },
  );

  app.post(
    '/api/matching/listings',
    {
      config: { access: ORG },
      schema: {
        tags,
        summary:
          '发榜 Create a listing as a draft (organisation users; need: enterprises, offer: universities and institutes)',
        querystring: z.object({
          submit: z.enum(['true', 'false']).default('false').describe('true: submit for review at once'),
        }),
        body: listingBody,
        response: { 201: listingOut },
      },
    },
    async (request, reply) => {
      const user = await ctx.requireUser(request);
      const view = await service.createListing(user, request.body, {
        submit: request.query.submit === 'true',
      });
      reply.status(201);
      return view;
    },
  );

  app.put(
    '/api/matching/listings/:id',
    {
      config: { access: ORG },
      schema: {
        tags,
        summary:
          '修改榜单 Replace a listing’s content (owner); a published or expired one goes back to review',
        params: idParams,
        querystring: z.object({ version: z.coerce.number().int().min(1).optional() }),
        body: listingBody,
        response: { 200: listingOut },
      },
    },
    async (request) =>
      service.editListing(
        await ctx.requireUser(request),
        request.params.id,
        request.body,
        request.query.version,
      ),
  );

  app.post(
    '/api/matching/listings/:id/submit',
    {
      config: { access: ORG },
      schema: {
        tags,
        summary: '提交审核 Submit for review (owner); lint errors are 400 naming each field',
        params: idParams,
        body: z.object({ version }).strict().nullish(),
        response: { 200: listingOut },
      },
    },
    async (request) =>
      service.submitListing(await ctx.requireUser(request), request.params.id, request.body?.version),
  );

  app.post(
    '/api/matching/listings/:id/review',
    {
      config: { access: REVIEWERS },
      schema: {
        tags,
        summary: '审核 Publish, return (补正) or reject a submitted listing (officers, 技术经理人)',
        description:
          'return and reject need a note. Publishing records the listing’s matches and notifies strong ones.',
        params: idParams,
        body: z.object({ decision: z.enum(['publish', 'return', 'reject']), note: reason, version }).strict(),
        response: { 200: listingOut },
      },
    },
    async (request) => service.reviewListing(await ctx.requireUser(request), request.params.id, request.body),
  );

  app.post(
    '/api/matching/listings/:id/withdraw',
    {
      config: { access: ORG },
      schema: {
        tags,
        summary: '撤回 Withdraw a listing (owner)',
        params: idParams,
        body: z.object({ reason, version }).strict().nullish(),
        response: { 200: listingOut },
      },
    },
    async (request) =>
      service.withdrawListing(await ctx.requireUser(request), request.params.id, {
        reason: request.body?.reason ?? null,
        version: request.body?.version,
      }),
  );

  app.post(
    '/api/matching/listings/:id/renew',
    {
      config: { access: ORG },
      schema: {
        tags,
        summary: '续期 Renew a listing for another period (owner; within the renewal window or once expired)',
        params: idParams,
        body: z.object({ version }).strict().nullish(),
        response: { 200: listingOut },
      },
    },
    async (request) =>
      service.renewListing(await ctx.requireUser(request), request.params.id, request.body?.version),
  );

  app.get(
    '/api/matching/my/listings',
    {
      config: { access: ORG },
      schema: {
        tags,
        summary: '我的榜单 The caller’s organisation’s listings in every state, with contact and lint',
        querystring: z.object({ side: z.enum(vocabulary.SIDES).optional(), state: statesQuery, ...paging }),
        response: { 200: pageOf(listingOut) },
      },
    },
    async (request) => {
      const { side, state, limit, offset } = request.query;
      return service.myListings(await ctx.requireUser(request), { side, states: state, limit, offset });
    },
  );

  app.get(
    '/api/matching/review',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: '审核队列 Every listing by state for staff (default: pending_review)',
        querystring: z.object({ side: z.enum(vocabulary.SIDES).optional(), state: statesQuery, ...paging }),
        response: { 200: pageOf(listingOut) },
      },
    },
    async (request) => {
      const { side, state, limit, offset } = request.query;
      return service.allListings(await ctx.requireUser(request), {
        side,
        states: state ?? ['pending_review'],
        limit,
        offset,
      });
    },
  );

  app.post(
    '/api/matching/expire',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary: '到期扫描 Run the expiry scan now (officers); it also runs hourly',
        response: {
          200: z.object({ expired: z.number().int(), reminded: z.number().int(), today: z.string() }),
        },
      },
    },
    async (request) => service.expireListings(await ctx.requireUser(request)),
  );

  // ——— engagements ——————————————————————————————————————————————————————————————

  app.post(
    '/api/matching/interests',
    {
      config: { access: ORG },
      schema: {
        tags,
        summary: '表达对接意向 Express interest in a listing (organisation users of the other side)',
        description:
          'The message may not contain phone numbers or e-mail addresses (400 contact_in_text): contacts are exchanged only when the other side accepts.',
        body: expressInterestSchema,
        response: { 201: interestOut },
      },
    },
    async (request, reply) => {
      const view = await service.expressInterest(await ctx.requireUser(request), request.body);
      reply.status(201);
      return view;
    },
  );

  app.get(
    '/api/matching/interests',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: '对接意向 The caller’s engagements (organisations: sent/received; staff: all)',
        querystring: z.object({ direction: z.enum(['sent', 'received', 'all']).default('all'), ...paging }),
        response: { 200: z.object({ items: z.array(interestOut) }) },
      },
    },
    async (request) => service.listInterests(await ctx.requireUser(request), request.query),
  );

  app.get(
    '/api/matching/interests/:id',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: '对接详情 One engagement with its timeline',
        params: idParams,
        response: { 200: interestOut },
      },
    },
    async (request) => service.getInterest(await ctx.requireUser(request), request.params.id),
  );

  for (const decision of ['accept', 'decline'] as const) {
    app.post(
      `/api/matching/interests/:id/${decision}`,
      {
        config: { access: ORG },
        schema: {
          tags,
          summary:
            decision === 'accept'
              ? '接受 Accept an interest (receiver): contacts become visible to both sides'
              : '婉拒 Decline an interest (receiver)',
          params: idParams,
          body: z.object({ note: reason, version }).strict().nullish(),
          response: { 200: interestOut },
        },
      },
      async (request) =>
        service.answerInterest(await ctx.requireUser(request), request.params.id, decision, {
          note: request.body?.note ?? null,
          version: request.body?.version,
        }),
    );
  }

  app.post(
    '/api/matching/interests/:id/withdraw',
    {
      config: { access: ORG },
      schema: {
        tags,
        summary: '撤回意向 Withdraw a pending interest (sender)',
        params: idParams,
        body: z.object({ version }).strict().nullish(),
        response: { 200: interestOut },
      },
    },
    async (request) =>
      service.withdrawInterest(await ctx.requireUser(request), request.params.id, request.body?.version),
  );

  app.post(
    '/api/matching/interests/:id/meetings',
    {
      config: { access: PARTIES },
      schema: {
        tags,
        summary: '记录洽谈 Record a meeting (either side or the assigned broker)',
        params: idParams,
        body: meetingSchema,
        response: { 200: interestOut },
      },
    },
    async (request) => service.recordMeeting(await ctx.requireUser(request), request.params.id, request.body),
  );

  app.post(
    '/api/matching/interests/:id/contract',
    {
      config: { access: PARTIES },
      schema: {
        tags,
        summary: '登记技术合同 Record the technology contract (number, 认定登记号, amount in fen, dates)',
        params: idParams,
        body: contractSchema,
        response: { 200: interestOut },
      },
    },
    async (request) =>
      service.recordContract(await ctx.requireUser(request), request.params.id, request.body),
  );

  app.post(
    '/api/matching/interests/:id/project',
    {
      config: { access: PARTIES },
      schema: {
        tags,
        summary:
          '组建项目 Form the 产学研 or 创新联合体 project; answers with the prefilled self-check input',
        params: idParams,
        body: projectSchema(ref),
        response: { 200: interestOut },
      },
    },
    async (request) => service.formProject(await ctx.requireUser(request), request.params.id, request.body),
  );

  app.get(
    '/api/matching/interests/:id/self-check',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary:
          '预填自测 The project’s calculator input (POST /api/calc body) and the measures it may claim',
        params: idParams,
        response: {
          200: z.object({
            measureIds: z.array(z.string()),
            input: z.unknown(),
            applicationId: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => {
      const view = await service.getInterest(await ctx.requireUser(request), request.params.id);
      if (!view.project)
        throw new ConflictError({ zh: '请先组建项目', en: 'form the project first' }, { rule: 'no_project' });
      return {
        measureIds: view.project.measureIds,
        input: view.project.selfCheckInput,
        applicationId: view.project.applicationId,
      };
    },
  );

  const startedOut = z.object({
    interest: interestOut,
    applicationId: z.string(),
    replayed: z.boolean().describe('true: the draft an earlier request with this key made'),
  });
  app.post(
    '/api/matching/interests/:id/application',
    {
      config: { access: ORG },
      schema: {
        tags,
        summary: '据此申请 Create a draft application from the project’s self-check (the enterprise side)',
        description:
          'One transaction: one draft per engagement however many requests arrive at once. With an ' +
          'Idempotency-Key header, a retry (same key, same engagement, same measure) returns the first ' +
          'draft (200, replayed: true) and writes nothing; the key for anything else is 422 ' +
          'IDEMPOTENCY_KEY_REUSED. Without a key, a second request is 409.',
        params: idParams,
        headers: z.object({
          'idempotency-key': z
            .string()
            .min(8)
            .max(200)
            .regex(/^[\x21-\x7e]+$/, 'printable ASCII, no spaces')
            .optional(),
        }),
        body: z.object({ measureId: safeText({ min: 1, max: 100 }) }).strict(),
        response: { 200: startedOut, 201: startedOut },
      },
    },
    async (request, reply) => {
      const result = await service.startApplication(
        await ctx.requireUser(request),
        request.params.id,
        request.body,
        request.headers['idempotency-key'],
      );
      reply.status(result.replayed ? 200 : 201);
      return result;
    },
  );

  // ——— brokers ——————————————————————————————————————————————————————————————————

  app.get(
    '/api/matching/broker/queue',
    {
      config: { access: QUEUE },
      schema: {
        tags,
        summary:
          '技术经理人工作台 The broker queue: own assignments with clocks, unassigned engagements, reviews waiting',
        response: {
          200: z.object({
            broker: z
              .object({ id: z.string(), capacity: z.number().int(), open: z.number().int() })
              .nullable(),
            assigned: z.array(queueItemOut),
            unassigned: z.array(queueItemOut),
            pendingReviews: z.number().int(),
            clocks: z.object({ brokerResponseHours: z.number().int(), interestAnswerDays: z.number().int() }),
          }),
        },
      },
    },
    async (request) => service.readBrokerQueue(await ctx.requireUser(request)),
  );

  app.get(
    '/api/matching/brokers',
    {
      config: { access: OFFICERS_AUDITOR },
      schema: {
        tags,
        summary: '技术经理人 Brokers with capacity and open load (officers, auditors)',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                username: z.string(),
                displayName: z.string(),
                affiliationOrganisationId: z.string().nullable(),
                capacity: z.number().int(),
                capacityIsDefault: z.boolean(),
                open: z.number().int(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({ items: await service.listBrokers(await ctx.requireUser(request)) }),
  );

  app.put(
    '/api/matching/brokers/:id',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary: '设置容量 Set a broker’s capacity of open engagements (officers)',
        params: idParams,
        body: z.object({ capacity: z.number().int().min(0).max(100) }).strict(),
        response: { 200: z.object({ brokerId: z.string(), capacity: z.number().int() }) },
      },
    },
    async (request) =>
      service.setBrokerCapacity(await ctx.requireUser(request), request.params.id, request.body.capacity),
  );

  app.post(
    '/api/matching/interests/:id/assign',
    {
      config: { access: QUEUE },
      schema: {
        tags,
        summary:
          '认领/指派 A broker claims an engagement (no brokerId) or an officer assigns one; capacity → 422',
        params: idParams,
        body: z.object({ brokerId: z.uuid().nullable().optional(), version }).strict().nullish(),
        response: { 200: interestOut },
      },
    },
    async (request) =>
      service.assignBroker(await ctx.requireUser(request), request.params.id, request.body ?? {}),
  );

  app.post(
    '/api/matching/interests/:id/release',
    {
      config: { access: QUEUE },
      schema: {
        tags,
        summary: '释放 Hand an engagement back to the queue (the assigned broker or an officer)',
        params: idParams,
        body: z.object({ reason }).strict().nullish(),
        response: { 200: interestOut },
      },
    },
    async (request) =>
      service.releaseAssignment(
        await ctx.requireUser(request),
        request.params.id,
        request.body?.reason ?? null,
      ),
  );

  app.post(
    '/api/matching/interests/:id/notes',
    {
      config: { access: BROKER },
      schema: {
        tags,
        summary: '跟进记录 The assigned broker records a follow-up (stops the response clock)',
        params: idParams,
        body: noteSchema,
        response: { 200: interestOut },
      },
    },
    async (request) => service.addBrokerNote(await ctx.requireUser(request), request.params.id, request.body),
  );

  // ——— funnel ——————————————————————————————————————————————————————————————————

  const funnelQuery = z.object({
    from: isoDate().describe('first day (Shanghai)'),
    to: isoDate().describe('last day (Shanghai)'),
    by: z.enum(['month', 'quarter', 'year']).default('month'),
    byCity: z.enum(['true', 'false']).default('false'),
  });

  app.get(
    '/api/matching/funnel',
    {
      config: { access: OFFICERS_AUDITOR },
      schema: {
        tags,
        summary:
          '对接漏斗 Listings → matches → contacts → contracts → funded projects, by period (and city) (officers, auditors)',
        querystring: funnelQuery,
        response: { 200: funnelOut },
      },
    },
    async (request) => {
      const q = request.query;
      const f = await service.readFunnel(await ctx.requireUser(request), {
        ...q,
        byCity: q.byCity === 'true',
      });
      return { stages: FUNNEL_STAGES.map((code) => ({ code, label: FUNNEL_STAGE_LABELS[code] })), ...f };
    },
  );

  app.get(
    '/api/matching/funnel/export',
    {
      config: { access: OFFICERS_AUDITOR },
      schema: {
        tags,
        summary: '导出漏斗 The funnel as .xlsx (or CSV with BOM) (officers, auditors; audited)',
        querystring: funnelQuery.extend({ format: z.enum(['xlsx', 'csv']).default('xlsx') }),
      },
    },
    async (request, reply) => {
      const user = await ctx.requireUser(request);
      const { format, ...q } = request.query;
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (c: Buffer) => chunks.push(c));
      const done = new Promise<void>((resolve, reject) => {
        out.on('end', resolve);
        out.on('error', reject);
      });
      // Small: built in memory, so an error is the usual 4xx/5xx rather than a broken download.
      await service.exportFunnel(user, { ...q, byCity: q.byCity === 'true' }, format, out);
      await done;
      reply
        .header(
          'content-type',
          format === 'xlsx'
            ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
            : 'text/csv; charset=utf-8',
        )
        .header(
          'content-disposition',
          `attachment; filename="ceyuan-matching-funnel-${q.from}-${q.to}.${format}"`,
        );
      return reply.send(Buffer.concat(chunks));
    },
  );
}
