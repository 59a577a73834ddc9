/**
 * The 出题 and 揭榜 forms' values and schemas, built on the API's own request schemas
 * (src/service/challenges/schemas.ts, which the routes validate with): amounts are typed in 万元 (or 元)
 * and become fen here, then meet the API's rules (budgetMax ≥ budgetMin, milestones in date order…).
 */
import { z } from 'zod';
import type { Reference } from '../../../core/catalogue/types.ts';
import { bidInputSchema, problemInputSchema } from '../../../service/challenges/schemas.ts';
import type { Reference as WebReference } from '../../catalogue-data.tsx';
import { type MoneyValue, moneyField, moneyValue } from '../../components/money.tsx';
import type { BidView, ProblemView } from './shared.tsx';

export interface ProblemForm {
  title: string;
  need: string;
  indicators: { name: string; target: string }[];
  deliverables: string;
  timelineMonths: number | null;
  sector: string;
  budgetMin: MoneyValue;
  budgetMax: MoneyValue;
  coFunds: boolean;
  submit: boolean;
}

/** POST/PUT /api/challenges/problems with the 揭榜额 range typed in 万元. */
export function problemFormSchema(ref: WebReference) {
  const api = problemInputSchema(ref as unknown as Reference);
  return z.object({ budgetMin: moneyField, budgetMax: moneyField }).loose().pipe(api) as unknown as z.ZodType<
    z.output<typeof api>,
    ProblemForm
  >;
}

export function problemFormValues(p: ProblemView | null): ProblemForm {
  return {
    title: p?.title ?? '',
    need: p?.need ?? '',
    indicators: p?.indicators ?? [{ name: '', target: '' }],
    deliverables: p?.deliverables ?? '',
    timelineMonths: p?.timelineMonths ?? null,
    sector: p?.sector ?? '',
    budgetMin: moneyValue(p?.budgetMin ?? null),
    budgetMax: moneyValue(p?.budgetMax ?? null),
    coFunds: p?.coFunds ?? false,
    submit: false,
  };
}

export interface BidForm {
  amount: MoneyValue;
  plan: string;
  team: string;
  partners: string[];
  milestones: { title: string; dueOn: string; plannedInput: MoneyValue; indicators: string }[];
  attachments: { name: string; sha256: string; size: number }[];
}

/** POST /api/challenges/problems/:id/bids with the 揭榜额 and each milestone's planned input in 万元. */
const bidSchema = z
  .object({
    amount: moneyField,
    milestones: z.array(z.object({ plannedInput: moneyField }).loose()),
  })
  .loose()
  .pipe(bidInputSchema);
export const bidFormSchema = bidSchema as unknown as z.ZodType<z.output<typeof bidSchema>, BidForm>;

export const emptyMilestone = () => ({
  title: '',
  dueOn: '',
  plannedInput: moneyValue(null),
  indicators: '',
});

export function bidFormValues(
  b: Pick<BidView, 'amount' | 'plan' | 'team' | 'partners' | 'milestones' | 'attachments'> | null,
): BidForm {
  if (!b)
    return {
      amount: moneyValue(null),
      plan: '',
      team: '',
      partners: [],
      milestones: [emptyMilestone()],
      attachments: [],
    };
  return {
    amount: moneyValue(b.amount),
    plan: b.plan,
    team: b.team,
    partners: b.partners,
    milestones: b.milestones.map((m) => ({ ...m, plannedInput: moneyValue(m.plannedInput) })),
    attachments: b.attachments,
  };
}
