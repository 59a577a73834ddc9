/**
 * Review, approval and the public notice: the officers' queue and every officer decision on an
 * application. Who may take which action is the workflow's table (src/core/workflow.ts); a role
 * that can never take the action is refused (403, audited) before the body is read, and the
 * service re-checks state, role, separation of duties and the computed range inside its transaction.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { WorkflowAction } from '../../core/workflow.ts';
import { STAFF_ROLES } from '../../service/auth/types.ts';
import { allow } from '../access.ts';
import type { ApiContext } from '../context.ts';
import { objectionBody, publishNoticeBody, recommendBody } from '../schemas.ts';
import {
  applicationService,
  applicationViewSchema,
  idParams,
  listedApplicationSchema,
  listQuery,
  reasonField,
  rolesFor,
  versionField,
} from './applications.ts';

/** States an officer has something to do in; the queue's default. */
export const QUEUE_STATES = [
  'submitted',
  'accepted',
  'under_review',
  'recommended',
  'approved',
  'in_notice',
  'notice_closed',
  'scheduled',
  'paying',
  'paid',
] as const;

const READERS = STAFF_ROLES;

/** The queue's rows: the application, and how many overlap pairs the reviewer must judge for it. */
const queuePageSchema = z.object({
  items: z.array(
    listedApplicationSchema.extend({
      overlapChecks: z
        .number()
        .int()
        .describe(
          'pairs to judge (从优、就高、不重复 left to the reviewer): GET /api/applications/:id lists them',
        ),
    }),
  ),
  total: z.number().int(),
});

export function reviewRoutes(root: FastifyInstance, ctx: ApiContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const service = applicationService(ctx);
  const tags = ['review'];

  app.get(
    '/api/review/queue',
    {
      ...allow(READERS),
      schema: {
        tags,
        summary: '审核队列 The officers’ queue, filtered by state, measure and document',
        description: `Without a state filter: ${QUEUE_STATES.join(', ')}.`,
        querystring: listQuery,
        response: { 200: queuePageSchema },
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      const { state, document, ...rest } = request.query;
      return service.queue(user, { ...rest, states: state ?? [...QUEUE_STATES], documentCode: document });
    },
  );

  const withReason = z.object({ reason: reasonField.min(1), version: versionField }).strict();
  const optionalReason = z
    .object({ reason: reasonField.optional(), version: versionField })
    .strict()
    .optional();

  /** One POST route per simple action: body { reason?, version? } → the application. */
  function action(
    path: string,
    act: WorkflowAction,
    summary: string,
    run: (
      user: Awaited<ReturnType<ApiContext['requireUser']>>,
      id: string,
      opts: { reason?: string | null; version?: number },
    ) => Promise<unknown>,
    needsReason: boolean,
  ) {
    app.post(
      `/api/applications/:id/${path}`,
      {
        ...allow(rolesFor(act)),
        schema: {
          tags,
          summary,
          params: idParams,
          body: needsReason ? withReason : optionalReason,
          response: { 200: applicationViewSchema },
        },
      },
      async (request) => {
        const user = await ctx.requireUser(request);
        return run(user, request.params.id, request.body ?? {}) as Promise<
          z.infer<typeof applicationViewSchema>
        >;
      },
    );
  }

  action('accept', 'accept', '受理 Accept (reviewer)', (u, id, o) => service.accept(u, id, o), false);
  action(
    'return',
    'return',
    '退回补正 Return for correction, with the reason (reviewer)',
    (u, id, o) => service.returnForCorrection(u, id, o),
    true,
  );
  action(
    'start-review',
    'start_review',
    '开始审核 Start the review (reviewer)',
    (u, id, o) => service.startReview(u, id, o),
    false,
  );
  action(
    'reject',
    'reject',
    '不予支持 Reject, with the reason (reviewer during review; approver on a recommendation)',
    (u, id, o) => service.reject(u, id, o),
    true,
  );
  action(
    'send-back',
    'send_back',
    '退回重审 Send a recommendation back to review, with the reason (approver)',
    (u, id, o) => service.sendBack(u, id, o),
    true,
  );
  action(
    'approve',
    'approve',
    '批准 Approve the recommended amount (approver, not the recommending reviewer); below the ceiling it rests on the approver’s reason or the recommendation’s (REASON_REQUIRED if neither)',
    (u, id, o) => service.approve(u, id, o),
    false,
  );
  action(
    'close-notice',
    'close_notice',
    '结束公示 Close the notice, after its last day and with no open objection',
    (u, id, o) => service.closeNotice(u, id, o),
    false,
  );
  action(
    'objections/uphold',
    'uphold_objection',
    '异议成立 Uphold the open objection(s): back to review, commitment reversed',
    (u, id, o) => service.upholdObjection(u, id, o),
    true,
  );
  action(
    'objections/dismiss',
    'dismiss_objection',
    '异议不成立 Dismiss the open objection(s), with the reason',
    (u, id, o) => service.dismissObjection(u, id, o),
    true,
  );
  action(
    'close',
    'close',
    '办结 Close a fully paid application',
    (u, id, o) => service.close(u, id, o),
    false,
  );

  app.post(
    '/api/applications/:id/recommend',
    {
      ...allow(rolesFor('recommend')),
      schema: {
        tags,
        summary: '建议金额 Recommend an amount inside the range the engine computes now (reviewer)',
        description:
          '"不超过 X%、最高 N 万元" is a ceiling: the range is [0, min(X% × base, N) − what the project already ' +
          'received] and the reviewer decides within it; "最高 N 万元" alone gives 0…N; a sum the text fixes is ' +
          'exact. Outside the range: 422 OUT_OF_RANGE with the range and formula. Below the ceiling without a ' +
          'written reason: 422 REASON_REQUIRED. The reason is kept as recommendedReason.',
        params: idParams,
        body: recommendBody,
        response: { 200: applicationViewSchema },
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      const { amount, ...opts } = request.body;
      return service.recommend(user, request.params.id, amount, opts);
    },
  );

  app.post(
    '/api/applications/:id/publish-notice',
    {
      ...allow(rolesFor('publish_notice')),
      schema: {
        tags,
        summary: '发布公示 Publish the public notice for a number of days (default 7)',
        params: idParams,
        body: publishNoticeBody.optional(),
        response: { 200: applicationViewSchema },
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      const { days, ...opts } = request.body ?? {};
      return service.publishNotice(user, request.params.id, days, opts);
    },
  );

  app.post(
    '/api/applications/:id/objections',
    {
      ...allow(rolesFor('object')),
      schema: {
        tags,
        summary: '登记异议 Record an objection raised during the notice',
        params: idParams,
        body: objectionBody,
        response: { 200: applicationViewSchema },
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      const { version, ...objection } = request.body;
      return service.recordObjection(user, request.params.id, objection, { version });
    },
  );
}
