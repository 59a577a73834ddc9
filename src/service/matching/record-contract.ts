/**
 * The technology contract (技术合同) that came of an engagement: its number, the 技术合同认定登记
 * registration number once registered (002·七 "鼓励技术合同认定登记"), the amount in fen, the dates.
 * Recorded once (a contract number is unique across the platform); both sides are told. Contracts are
 * what the plan's indicators count (indicators.ts).
 */
import { ConflictError } from '../../core/errors.ts';
import { contractSchema } from '../../core/matching/engagement.ts';
import { formatYuan } from '../../core/money.ts';
import { parseOrThrow } from '../../core/validation.ts';
import type { SessionUser } from '../auth/types.ts';
import { assertNotFuture, type MatchingContext } from './context.ts';
import { parties, stepInterest } from './interest-steps.ts';
import type { InterestView } from './views.ts';

export async function recordContract(
  ctx: MatchingContext,
  user: SessionUser,
  id: string,
  raw: unknown,
): Promise<InterestView> {
  const body = parseOrThrow(contractSchema, raw);
  const today = ctx.today();
  assertNotFuture('signedOn', body.signedOn, today);
  assertNotFuture('registeredOn', body.registeredOn, today);
  try {
    return await stepInterest(
      ctx,
      user,
      id,
      'record_contract',
      {
        version: body.version,
        detail: {
          contractNo: body.contractNo,
          registrationNo: body.registrationNo,
          amount: body.amount,
          signedOn: body.signedOn,
        },
      },
      async ({ at }) => ({
        contract_no: body.contractNo,
        registration_no: body.registrationNo,
        contract_amount: body.amount,
        contract_signed_on: body.signedOn,
        contract_registered_on: body.registeredOn,
        contract_recorded_at: at,
      }),
      async (tx, row) => {
        for (const organisationId of parties(row)) {
          await ctx.notify(tx, {
            to: { organisationId },
            kind: 'matching.contract_recorded',
            subject: {
              zh: `技术合同 ${body.contractNo} 已登记（${formatYuan(body.amount)}）`,
              en: `Technology contract ${body.contractNo} recorded (${formatYuan(body.amount)})`,
            },
            body: {
              zh: '可组建产学研合作或创新联合体项目，并据此自测和申请支持。',
              en: 'You can now form the project and run the self-check for support.',
            },
            link: `/matching/interests/${row.id}`,
            ref: `matching_interest:${row.id}`,
            dedupeKey: `matching.contract:${row.id}:${organisationId}`,
          });
        }
      },
    );
  } catch (e) {
    if ((e as { code?: string }).code === '23505')
      throw new ConflictError(
        { zh: `合同编号 ${body.contractNo} 已登记`, en: `contract ${body.contractNo} is already recorded` },
        { rule: 'duplicate_contract' },
      );
    throw e;
  }
}
