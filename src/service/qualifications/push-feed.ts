/**
 * The data feed (数据接口): another system pushes certificates, revocations and downgrades as JSON,
 * up to 1000 items, all or nothing — the same ledger rules as an officer's entry and a file import,
 * each event marked with source `api` and the sender's batch reference. Organisations are named by
 * USCC or id; an unknown one is refused with the item's path.
 */
import { InputError } from '../../core/errors.ts';
import type { LedgerOp } from '../../core/qualifications/operations.ts';
import { effectiveDay } from '../../core/qualifications/operations.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { OrganisationRepository } from '../../storage/repositories/organisations.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ApplyResult, applyOperations, type OperationItem } from './apply-operations.ts';
import { type QualificationContext, requireOfficer } from './context.ts';
import { feedInputSchema } from './schemas.ts';

export async function pushFeed(
  ctx: QualificationContext,
  user: SessionUser,
  body: unknown,
): Promise<ApplyResult> {
  requireOfficer(user);
  const input = parseOrThrow(feedInputSchema, body);
  const usccs = [...new Set(input.items.flatMap((i) => (i.uscc ? [i.uscc] : [])))];
  const byUscc = await new OrganisationRepository(ctx.db).idsByUscc(usccs);
  const ids = [...new Set(input.items.flatMap((i) => (i.organisationId ? [i.organisationId] : [])))];
  const known = new Set(
    ids.length
      ? (await ctx.db.selectFrom('organisations').select('id').where('id', 'in', ids).execute()).map(
          (r) => r.id,
        )
      : [],
  );
  const issues = input.items.flatMap((it, i) => {
    const id = it.uscc ? byUscc.get(it.uscc) : it.organisationId;
    if (id && (it.uscc || known.has(id))) return [];
    const path = `items.${i}.${it.uscc ? 'uscc' : 'organisationId'}`;
    return [
      {
        path,
        rule: 'unknown_organisation',
        zh: '该单位未在单位名录中登记',
        en: 'no such organisation in the registry',
      },
    ];
  });
  if (issues.length > 0) throw new InputError(issues);
  const items: (OperationItem & { order: number })[] = input.items.map((it, order) => {
    const organisationId = (it.uscc ? byUscc.get(it.uscc) : it.organisationId)!;
    const { action, uscc: _u, organisationId: _o, ...rest } = it;
    const op = (
      action === 'certify'
        ? { op: 'certify', ...rest }
        : action === 'revoke'
          ? { op: 'revoke', ...rest }
          : { op: 'downgrade', ...rest }
    ) as LedgerOp;
    return { organisationId, op, order, path: `items.${order}` };
  });
  // Each organisation's items in the order they take effect (a certificate before its revocation).
  items.sort((a, b) => {
    const [da, pa] = effectiveDay(a.op);
    const [db, pb] = effectiveDay(b.op);
    return (
      a.organisationId.localeCompare(b.organisationId) ||
      (da < db ? -1 : da > db ? 1 : pa - pb) ||
      a.order - b.order
    );
  });
  const result = await applyOperations(
    ctx,
    user.username,
    items,
    { source: 'api', sourceRef: input.reference ?? null },
    {
      action: 'qualification.feed',
      subject: input.reference ? `feed:${input.reference}` : null,
      detail: { items: items.length },
    },
  );
  // Report in the sender's order.
  result.items = result.items
    .map((r) => ({ ...r, index: items[r.index]!.order }))
    .sort((a, b) => a.index - b.index);
  return result;
}
