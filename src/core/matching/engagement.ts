/**
 * The request bodies of an engagement's steps (express interest, broker note, meeting, contract,
 * project), in a module that imports only zod and the pure core: the API validates with them (and
 * builds OpenAPI from them), and the web's forms are built on them (src/web/pages/matching/form.ts),
 * so the browser checks what the server will.
 */
import { z } from 'zod';
import type { Reference } from '../catalogue/types.ts';
import { bilingual, isoDate } from '../validation.ts';
import { contactSchema, listingText } from './listing.ts';
import { PROJECT_KINDS } from './prefill.ts';

/** The optimistic-lock version a step may carry (the one the caller saw). */
const version = z.number().int().min(1).optional();

/** POST /api/matching/interests: 表达对接意向. */
export const expressInterestSchema = z
  .object({
    listingId: z.uuid().describe('the listing you are interested in'),
    ownListingId: z.uuid().nullable().default(null).describe('your own listing of the other side, if any'),
    message: listingText(1, 2000, true).describe(
      'what you propose (no phone numbers or e-mail: they are exchanged on acceptance)',
    ),
    contact: contactSchema.describe('yours: shown to the other side only once it accepts'),
  })
  .strict();

/** POST …/notes: the assigned broker's follow-up. */
export const noteSchema = z.object({ text: listingText(1, 2000, true) }).strict();

/** POST …/meetings: a meeting (洽谈) of the two sides. */
export const meetingSchema = z
  .object({
    date: isoDate(),
    note: listingText(1, 2000, true).describe('what was discussed and agreed'),
    version,
  })
  .strict();

/** The contract's fields, before the rules across them (contractRules). */
export const contractFields = z
  .object({
    contractNo: listingText(1, 60).describe('技术合同编号'),
    registrationNo: listingText(1, 60)
      .nullable()
      .default(null)
      .describe('技术合同认定登记号 (when registered)'),
    amount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('contract amount in fen (分)'),
    signedOn: isoDate(),
    registeredOn: isoDate().nullable().default(null),
    version,
  })
  .strict();

type ContractDates = { registrationNo: string | null; signedOn: string; registeredOn: string | null };

/**
 * The rules across a contract's fields: registered no earlier than signed (002·七 认定登记 follows
 * signature), and the registration number and date given together. The web applies the same rules to
 * its form schema (money typed in 万元, blanks as null).
 */
export function contractRules<S extends z.ZodType<ContractDates>>(schema: S) {
  return schema
    .refine((c) => c.registeredOn === null || c.registeredOn >= c.signedOn, {
      ...bilingual('登记日期不得早于签订日期', 'registration cannot precede signature', 'date_order'),
      path: ['registeredOn'],
    })
    .refine((c) => (c.registeredOn === null) === (c.registrationNo === null), {
      ...bilingual(
        '登记号与登记日期须同时填写',
        'give the registration number and date together',
        'registration_pair',
      ),
      path: ['registrationNo'],
    });
}

/** POST …/contract: the technology contract (技术合同). */
export const contractSchema = contractRules(contractFields);

/** The project's own fields (the web's form); projectSchema adds the sector and further partners. */
export const projectFields = z.object({
  kind: z
    .enum(PROJECT_KINDS)
    .describe('iur_project: 产学研合作 (000·五) · consortium: 创新联合体 (000·三, 001·四)'),
  title: listingText(1, 200),
  input: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('project (R&D) input in fen (分)'),
  formedOn: isoDate().optional().describe('default: today'),
});

/** POST …/project: the 产学研合作项目 or 创新联合体 formed from the contract. */
export function projectSchema(ref: Reference) {
  const code = (list: { code: string }[]) => z.enum(list.map((x) => x.code) as [string, ...string[]]);
  return z
    .object({
      ...projectFields.shape,
      sector: code(ref.sectors).nullable().default(null),
      partners: z
        .array(
          z
            .object({
              kind: code(ref.orgKinds),
              city: code(ref.cities),
              name: listingText(1, 200).optional(),
            })
            .strict(),
        )
        .max(20)
        .default([])
        .describe(
          'further partners beyond the matched university or institute (chain firms of a consortium)',
        ),
      version,
    })
    .strict();
}
