/**
 * The notices inbox of an organisation: what screening runs found for it, with the money each carries.
 * Confirming a 免申即享 notice makes the organisation's application, carrying the matter the registry
 * filed; a 快申快享 notice is an invitation, its prefill the same matter when there is one. Enterprise
 * users see and act on their own organisation's notices only.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import { shanghaiDate } from '../core/dates.ts';
import type { Engine } from '../core/engine/calculate.ts';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../core/errors.ts';
import type { Actor, AuditPort, Clock } from '../service/applications/ports.ts';
import type { ApplicationService } from '../service/applications/service.ts';
import type { Db, Tx } from '../storage/schema.ts';
import type { NoticeStatus, ScreeningDatabase } from './tables.ts';
import { basisOf, type ConfirmResult, type NoticeView, noticeView, type Row } from './views.ts';

function forbidden(zh: string, en: string): ForbiddenError {
  return new ForbiddenError({ zh, en });
}

function notFound(zh: string, en: string): NotFoundError {
  return new NotFoundError({ zh, en });
}

export function createNoticeService(deps: {
  db: Db;
  engine: Engine;
  clock: Clock;
  audit: AuditPort;
  applications?: Pick<ApplicationService, 'create'> | undefined;
}) {
  const { db, engine, clock, audit } = deps;
  const sdb = db as unknown as Kysely<ScreeningDatabase>;

  async function raw(ex: Db | Tx, sql: string, params: unknown[] = []): Promise<{ rows: Row[] }> {
    const r = await ex.executeQuery(CompiledQuery.raw(sql, params));
    return { rows: r.rows as Row[] };
  }

  async function setNotice(actor: Actor, measureId: string, from: NoticeStatus[], to: NoticeStatus) {
    if (actor.role !== 'enterprise' || !actor.organisationId) {
      throw forbidden('只有企业用户可以处理本单位的通知', 'only an enterprise user handles its notices');
    }
    const r = await sdb
      .updateTable('screening_notices')
      .set({ status: to, updated_at: clock.now() })
      .where('organisation_id', '=', actor.organisationId)
      .where('measure_id', '=', measureId)
      .where('status', 'in', from)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) {
      const exists = await sdb
        .selectFrom('screening_notices')
        .select('status')
        .where('organisation_id', '=', actor.organisationId)
        .where('measure_id', '=', measureId)
        .executeTakeFirst();
      if (!exists) throw notFound('未找到该通知', 'no such notice');
    }
  }

  return {
    /** An organisation's notices, newest first. Enterprise users see their own organisation's only. */
    async inbox(
      actor: Actor,
      query: { organisationId?: string; status?: NoticeStatus } = {},
    ): Promise<NoticeView[]> {
      const organisationId = actor.role === 'enterprise' ? actor.organisationId : query.organisationId;
      if (
        actor.role === 'enterprise' &&
        query.organisationId &&
        query.organisationId !== actor.organisationId
      ) {
        throw notFound('未找到该单位', 'no such organisation');
      }
      if (!organisationId)
        throw new InputError([
          { path: 'organisationId', rule: 'required', zh: '请指定单位', en: 'organisationId is required' },
        ]);
      let q = sdb
        .selectFrom('screening_notices')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .orderBy('created_at', 'desc')
        .orderBy('measure_id');
      if (query.status) q = q.where('status', '=', query.status);
      const rows = await q.execute();
      return rows.map((r) => noticeView(engine, r as unknown as Row));
    },

    async markRead(actor: Actor, measureId: string): Promise<void> {
      await setNotice(actor, measureId, ['new'], 'read');
    },

    async dismiss(actor: Actor, measureId: string): Promise<void> {
      await setNotice(actor, measureId, ['new', 'read'], 'dismissed');
    },

    /**
     * One step from a notice: a 免申即享 notice becomes the organisation's application, prefilled
     * with the matter the registry filed (its figures and year) when the measure takes one; a
     * 快申快享 notice is an invitation — it is marked read and the caller opens the short
     * application form for the measure's matter type, prefilled with what the registry holds.
     */
    async confirm(actor: Actor, measureId: string): Promise<ConfirmResult> {
      if (actor.role !== 'enterprise' || !actor.organisationId) {
        throw forbidden('只有企业用户可以确认本单位的通知', 'only an enterprise user confirms its notices');
      }
      const notice = await sdb
        .selectFrom('screening_notices')
        .selectAll()
        .where('organisation_id', '=', actor.organisationId)
        .where('measure_id', '=', measureId)
        .executeTakeFirst();
      if (!notice) throw notFound('未找到该通知', 'no such notice');
      const measure = engine.catalogue.byId.get(measureId);
      const basis = basisOf(notice.basis);
      if (notice.mode === 'invitation' || !measure) {
        if (notice.status === 'new') await setNotice(actor, measureId, ['new'], 'read');
        return {
          kind: 'invitation',
          measureId,
          matterType: measure?.matterType ?? null,
          matter: basis?.matter ?? null,
        };
      }
      if (notice.status === 'confirmed')
        throw new ConflictError({ zh: '该通知已确认', en: 'this notice is already confirmed' });
      if (!deps.applications) throw new Error('screening service: no application service to confirm into');
      const filed = basis?.matter;
      const application = await deps.applications.create(actor, {
        measureId,
        matter: filed
          ? {
              id: filed.id,
              type: filed.type,
              date: shanghaiDate(clock.now()),
              figures: filed.figures,
              claims: filed.claims,
            }
          : null,
        title: `${measure.title.zh}（免申即享）`,
      });
      await db.transaction().execute(async (tx) => {
        await raw(
          tx,
          `UPDATE screening_notices SET status = 'confirmed', application_id = $3::uuid, updated_at = $4
           WHERE organisation_id = $1::uuid AND measure_id = $2`,
          [actor.organisationId, measureId, application.id, clock.now().toISOString()],
        );
        await audit.append(tx, {
          actor: actor.username,
          action: 'screening.notice.confirm',
          subject: `organisation:${actor.organisationId}`,
          detail: { measureId, applicationId: application.id, amount: notice.amount_max ?? null },
        });
      });
      return { kind: 'application', application };
    },
  };
}
