/**
 * 联合体成员: the registry organisations a bidder may name as consortium partners (001·二 opens lists to
 * "全球机构"; a consortium is led by one organisation with partners from the registry). An organisation
 * user may not read the registry (its own record only), so this lookup answers only what a business
 * register publishes anyway — name, USCC, kind, city — for a name or USCC typed, or for ids already chosen.
 */
import { OrganisationRepository } from '../../storage/repositories/organisations.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ChallengeContext, requireOrganisation } from './context.ts';

export interface PartnerView {
  id: string;
  name: string;
  uscc: string;
  kind: string;
  city: string;
}

export async function findPartners(
  ctx: ChallengeContext,
  user: SessionUser,
  query: { q?: string | undefined; ids?: string[] | undefined },
): Promise<PartnerView[]> {
  requireOrganisation(user);
  const repo = new OrganisationRepository(ctx.db);
  const view = (o: PartnerView): PartnerView => ({
    id: o.id,
    name: o.name,
    uscc: o.uscc,
    kind: o.kind,
    city: o.city,
  });
  if (query.ids && query.ids.length > 0) {
    const found = await Promise.all(query.ids.map((id) => repo.get(id)));
    return found.flatMap((o) => (o ? [view(o)] : []));
  }
  if (!query.q) return [];
  const { items } = await repo.list({ q: query.q, limit: 20, offset: 0 });
  return items.filter((o) => o.id !== user.organisationId).map(view);
}
