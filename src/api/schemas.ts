/**
 * Request schemas that the routes validate AND the web's forms are built on (one definition: a form
 * checks in the browser what the server will check). Pure zod and core imports only, so the browser
 * bundles this file without Fastify or storage.
 */
import { z } from 'zod';
import { safeText } from '../core/validation.ts';
import { MAX_NOTICE_DAYS } from '../core/workflow.ts';

export const fen = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).describe('amount in fen (分)');
export const versionField = z
  .number()
  .int()
  .min(1)
  .optional()
  .describe('the version you saw: a stale one is refused with 409 (optimistic locking)');
export const reasonField = safeText({ max: 2000, multiline: true });

export const loginBody = z
  .object({
    username: safeText({ min: 1, max: 64 }),
    password: safeText({ min: 1, max: 1024, trim: false }),
  })
  .strict();

/** 建议金额: the amount, and why (required by the service when below the ceiling once issue 8 lands). */
export const recommendBody = z
  .object({ amount: fen, reason: reasonField.optional(), version: versionField })
  .strict();

export const publishNoticeBody = z
  .object({ days: z.number().int().min(1).max(MAX_NOTICE_DAYS).optional(), version: versionField })
  .strict();

/** An objection an officer records (raised by a named person, or 匿名). */
export const objectionBody = z
  .object({
    raisedBy: safeText({ min: 1, max: 200 }).describe('who objected (a name, or 匿名)'),
    text: safeText({ min: 1, max: 4000, multiline: true }),
    version: versionField,
  })
  .strict();

/**
 * An objection anyone files against a public notice (公示). The contact is kept private: officers see
 * it, the public notice never shows it.
 */
export const publicObjectionBody = z
  .object({
    name: safeText({ max: 100 }).optional().describe('who objects; empty: anonymous (匿名)'),
    contact: safeText({ min: 5, max: 200 }).describe(
      'a telephone number or e-mail address, so the officer can reply; never published',
    ),
    text: safeText({ min: 10, max: 4000, multiline: true }),
  })
  .strict();

/** At most 1 万亿元 (10^14 fen), so every total over the funds stays exact. */
export const MAX_BUDGET_FEN = 100_000_000_000_000;

export const budgetBody = z
  .object({
    amount: fen
      .max(MAX_BUDGET_FEN)
      .describe('at most 1 万亿元 (10^14 fen), so every total over the funds stays exact'),
  })
  .strict();

/** 补正: what the applicant may correct on a draft or returned application (besides the matter). */
export const editApplicationFields = z.object({
  title: safeText({ max: 200 }).optional(),
  requestedAmount: fen.nullable().optional(),
});

/** An administrator fills a fact of a measure's 办事指南 that the policy text does not give (待补录). */
export const guideEntryBody = z
  .object({
    value: safeText({ min: 1, max: 500 }),
    source: safeText({ min: 1, max: 200 }).describe('where the fact comes from (a notice, a department)'),
  })
  .strict();
