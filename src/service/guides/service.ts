/**
 * 办事指南 per measure: the quoted facts of policies/guides.yaml, the materials that follow from the
 * measure's conditions, and what administrators filled in where the texts say nothing (audited).
 */
import {
  buildGuide,
  type FilledFact,
  type Guide,
  type GuideField,
  type GuideFile,
} from '../../core/catalogue/guide.ts';
import type { Catalogue } from '../../core/catalogue/types.ts';
import { CeyuanError } from '../../core/errors.ts';
import { listGuideEntries, upsertGuideEntry } from '../../storage/repositories/guides.ts';
import { UserRepository } from '../../storage/repositories/users.ts';
import type { Db } from '../../storage/schema.ts';
import type { Actor, AuditPort, Clock } from '../applications/ports.ts';
import { authorise } from '../auth/permissions.ts';

export function createGuideService(deps: {
  db: Db;
  catalogue: Catalogue;
  data: GuideFile;
  clock: Clock;
  audit: AuditPort;
}) {
  const { db, catalogue, data, clock, audit } = deps;

  function measureOrThrow(id: string) {
    const m = catalogue.byId.get(id);
    if (!m) throw new CeyuanError('NOT_FOUND', { zh: `没有编号为 ${id} 的措施`, en: `no measure ${id}` });
    return m;
  }

  async function filledBy(measureId?: string): Promise<Map<string, FilledFact[]>> {
    const rows = await listGuideEntries(db, measureId);
    const users = new UserRepository(db);
    const names = new Map<string, string>();
    const out = new Map<string, FilledFact[]>();
    for (const r of rows) {
      if (!names.has(r.updated_by)) {
        const u = await users.byId(r.updated_by);
        names.set(r.updated_by, u?.display_name ?? u?.username ?? r.updated_by);
      }
      const list = out.get(r.measure_id) ?? [];
      list.push({
        field: r.field,
        value: r.value,
        source: r.source,
        by: names.get(r.updated_by)!,
        at: new Date(r.updated_at).toISOString(),
      });
      out.set(r.measure_id, list);
    }
    return out;
  }

  return {
    async guide(measureId: string): Promise<Guide> {
      const m = measureOrThrow(measureId);
      const filled = (await filledBy(measureId)).get(measureId) ?? [];
      return buildGuide(m, catalogue.reference, data, filled);
    },

    async all(): Promise<Guide[]> {
      const filled = await filledBy();
      return catalogue.measures.map((m) => buildGuide(m, catalogue.reference, data, filled.get(m.id) ?? []));
    },

    async fill(actor: Actor, measureId: string, field: GuideField, entry: { value: string; source: string }) {
      authorise(actor, 'guides.write');
      measureOrThrow(measureId);
      await db.transaction().execute(async (tx) => {
        await upsertGuideEntry(tx, {
          measure_id: measureId,
          field,
          value: entry.value,
          source: entry.source,
          updated_by: actor.id,
          updated_at: clock.now(),
        });
        await audit.append(tx, {
          actor: actor.username,
          action: 'guide.fill',
          subject: `measure:${measureId}`,
          detail: { field, value: entry.value, source: entry.source },
        });
      });
      return this.guide(measureId);
    },
  };
}

export type GuideService = ReturnType<typeof createGuideService>;
