/**
 * Request schemas that the routes validate AND the web's forms are built on (one definition: a form
 * checks in the browser what the server will check). Pure zod and core imports only, so the browser
 * bundles this file without Fastify or storage.
 */
import { z } from 'zod';
import { MAX_NOTICE_DAYS } from '../core/workflow.ts';

export const fen = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).describe('amount in fen (分)');
export const versionField = z
  .number()
  .int()
  .min(1)
  .optional()
  .describe('the version you saw: a stale one is refused with 409 (optimistic locking)');
export const reasonField = z.string().trim().max(2000);

export const loginBody = z
  .object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) })
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
    raisedBy: z.string().trim().min(1).max(200).describe('who objected (a name, or 匿名)'),
    text: z.string().trim().min(1).max(4000),
    version: versionField,
  })
  .strict();

/**
 * An objection anyone files against a public notice (公示). The contact is kept private: officers see
 * it, the public notice never shows it.
 */
export const publicObjectionBody = z
  .object({
    name: z.string().trim().max(100).optional().describe('who objects; empty: anonymous (匿名)'),
    contact: z
      .string()
      .trim()
      .min(5)
      .max(200)
      .describe('a telephone number or e-mail address, so the officer can reply; never published'),
    text: z.string().trim().min(10).max(4000),
  })
  .strict();

export const budgetBody = z.object({ amount: fen }).strict();

/** 补正: what the applicant may correct on a draft or returned application (besides the matter). */
export const editApplicationFields = z.object({
  title: z.string().trim().max(200).optional(),
  requestedAmount: fen.nullable().optional(),
});

/** An administrator fills a fact of a measure's 办事指南 that the policy text does not give (待补录). */
export const guideEntryBody = z
  .object({
    value: z.string().trim().min(1).max(500),
    source: z.string().trim().min(1).max(200).describe('where the fact comes from (a notice, a department)'),
  })
  .strict();
