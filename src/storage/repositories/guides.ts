/** Facts of a measure's 办事指南 filled in by an administrator (guide_entries, migration 0007). */
import type { Executor } from '../schema.ts';
import type { GuideEntriesTable } from '../tables/attachments-public.ts';

export async function listGuideEntries(db: Executor, measureId?: string) {
  let q = db.selectFrom('guide_entries').selectAll();
  if (measureId) q = q.where('measure_id', '=', measureId);
  return q.orderBy('measure_id').orderBy('field').execute();
}

export async function upsertGuideEntry(
  db: Executor,
  row: Omit<GuideEntriesTable, 'updated_at'> & { updated_at: Date },
): Promise<void> {
  await db
    .insertInto('guide_entries')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['measure_id', 'field']).doUpdateSet({
        value: row.value,
        source: row.source,
        updated_by: row.updated_by,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}
