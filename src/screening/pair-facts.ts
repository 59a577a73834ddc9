/**
 * What a run needs, beyond the profile, to work out a notice's amount: the organisation's filed base
 * figures (organisation_base_figures) and its grant history (the ledger's standing grants). Read for
 * the organisations a run evaluates only — a few thousand in a million — in batches of ids.
 */

import type { Kysely } from 'kysely';
import type { GrantRecord } from '../core/input.ts';
import { grantHistory } from '../core/ledger.ts';
import { toLedgerEntry } from '../storage/repositories/ledger.ts';
import type { Db, Executor } from '../storage/schema.ts';
import type { BaseFigure } from './assess.ts';
import type { ScreeningDatabase } from './tables.ts';

export interface OrganisationFacts {
  figures: BaseFigure[];
  history: GrantRecord[];
}

const BATCH = 5000;
const EMPTY: OrganisationFacts = { figures: [], history: [] };

export async function loadPairFacts(
  db: Db | Executor,
  organisationIds: readonly string[],
  years: readonly number[],
): Promise<(id: string) => OrganisationFacts> {
  const sdb = db as unknown as Kysely<ScreeningDatabase>;
  const byId = new Map<string, OrganisationFacts>();
  const get = (id: string) => {
    let f = byId.get(id);
    if (!f) {
      f = { figures: [], history: [] };
      byId.set(id, f);
    }
    return f;
  };
  const ids = [...new Set(organisationIds)];
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    if (years.length > 0) {
      const figures = await sdb
        .selectFrom('organisation_base_figures')
        .select(['organisation_id', 'figure', 'year', 'amount', 'source'])
        .where('organisation_id', 'in', batch)
        .where('year', 'in', [...years])
        .execute();
      for (const f of figures)
        get(f.organisation_id).figures.push({
          figure: f.figure,
          year: f.year,
          amount: Number(f.amount),
          source: f.source,
        });
    }
    const entries = await db
      .selectFrom('ledger_entries')
      .selectAll()
      .where('organisation_id', 'in', batch)
      .where('kind', 'in', ['grant', 'reversal'])
      .orderBy('recorded_at')
      .orderBy('id')
      .execute();
    const perOrg = new Map<string, ReturnType<typeof toLedgerEntry>[]>();
    for (const e of entries) {
      const list = perOrg.get(e.organisation_id) ?? [];
      list.push(toLedgerEntry(e));
      perOrg.set(e.organisation_id, list);
    }
    for (const [id, list] of perOrg) get(id).history = grantHistory(list);
  }
  return (id) => byId.get(id) ?? EMPTY;
}
