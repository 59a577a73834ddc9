/**
 * Every route module, registered in order. Each module is `(app, ctx) => void | Promise<void>` in
 * its own file and runs in its own encapsulated scope (content-type parsers stay local).
 * To add an area: write routes/<area>.ts and add one line to ROUTES.
 */
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.ts';
import { applicationRoutes } from './applications.ts';
import { attachmentRoutes } from './attachments.ts';
import { auditRoutes } from './audit.ts';
import { authRoutes } from './auth.ts';
import { baseFigureRoutes } from './base-figures.ts';
import { budgetRoutes } from './budget.ts';
import { calcRoutes } from './calc.ts';
import { catalogueRoutes } from './catalogue.ts';
import { challengeRoutes } from './challenges.ts';
import { guideRoutes } from './guides.ts';
import { inboxRoutes } from './inbox.ts';
import { jobRoutes } from './jobs.ts';
import { ledgerRoutes } from './ledger.ts';
import { matchingRoutes } from './matching.ts';
import { messageRoutes } from './messages.ts';
import { nowRoutes } from './now.ts';
import { organisationRoutes } from './organisations.ts';
import { paymentRoutes } from './payments.ts';
import { peopleRoutes } from './people.ts';
import { planRoutes } from './plan.ts';
import { publicRoutes } from './public.ts';
import { qualificationRoutes } from './qualifications.ts';
import { reviewRoutes } from './review.ts';
import { screeningRoutes } from './screening.ts';
import { simulationRoutes } from './simulation.ts';

export type RouteModule = (app: FastifyInstance, ctx: ApiContext) => void | Promise<void>;

export const ROUTES: RouteModule[] = [
  authRoutes,
  catalogueRoutes,
  calcRoutes,
  organisationRoutes,
  auditRoutes,
  applicationRoutes,
  reviewRoutes,
  paymentRoutes,
  budgetRoutes,
  ledgerRoutes,
  screeningRoutes,
  inboxRoutes,
  simulationRoutes,
  attachmentRoutes,
  publicRoutes,
  guideRoutes,
  peopleRoutes,
  messageRoutes,
  matchingRoutes,
  planRoutes,
  baseFigureRoutes,
  jobRoutes,
  qualificationRoutes,
  challengeRoutes,
  nowRoutes,
];

export async function registerRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  for (const routes of ROUTES) await app.register(async (scope) => routes(scope, ctx));
}
