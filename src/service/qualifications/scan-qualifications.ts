/**
 * The daily scan (`scanQualifications`, also `ceyuan qualifications scan --date` and
 * POST /api/qualifications/scan): on the date it
 *   1. records a `lapsed` event for every holding that ran out with nothing continuing it;
 *   2. judges first-time rewards the ledger's writes have not judged yet (a tier entered through the
 *      registry, a reward policy simulated after the fact), once per (firm, measure);
 *   3. reminds the firm and its service officers of holdings running out within the reminder windows
 *      (180 and 90 days): the narrowest window due, once per (holding, window, recipient);
 *   4. folds the stock's running sum (qualification_stock_deltas) per kind, level, city and day.
 * Idempotent: run it again (a retry, a second process) and nothing is recorded or sent twice — the
 * lapse events, reward rows and message dedupe keys are the memory. Audited as `qualification.scan`
 * (a scheduled run only when it changed something).
 */
import { addDays, type IsoDate } from '../../core/dates.ts';
import { windowOn } from '../../core/engine/window.ts';
import { reminderWindow } from '../../core/qualifications/expiry.ts';
import { lapsesOn } from '../../core/qualifications/operations.ts';
import {
  lapsedRecordIds,
  lockOrganisations,
  organisationsToLapse,
  recordsOf,
  writeChanges,
} from '../../storage/repositories/qualifications/ledger.ts';
import { expiringWithin, rollUpStock } from '../../storage/repositories/qualifications/queries.ts';
import { firstReachedWithoutReward } from '../../storage/repositories/qualifications/rewards.ts';
import type { QualificationContext } from './context.ts';
import { raiseRewardsFor, rewardMeasuresOf, rewardSettings } from './raise-rewards.ts';
import { labels } from './views.ts';

export interface ScanResult {
  date: IsoDate;
  lapsed: number;
  rewards: { notices: number; explained: number };
  reminders: { holdings: number; sent: number };
}

const BATCH = 500;
/** The actor of scheduled runs. */
export const SYSTEM_ACTOR = 'system';

export async function scanQualifications(
  ctx: QualificationContext,
  q: { date: IsoDate; actor: string },
): Promise<ScanResult> {
  const result: ScanResult = {
    date: q.date,
    lapsed: 0,
    rewards: { notices: 0, explained: 0 },
    reminders: { holdings: 0, sent: 0 },
  };

  // 1. Lapses, a batch of organisations per transaction.
  for (;;) {
    const orgs = await organisationsToLapse(ctx.db, q.date, BATCH);
    if (orgs.length === 0) break;
    const written = await ctx.db.transaction().execute(async (tx) => {
      // Locked like every ledger write: a second scan at the same time waits, then finds the lapses done.
      await lockOrganisations(tx, orgs);
      const records = await recordsOf(tx, orgs);
      const done = await lapsedRecordIds(tx, orgs);
      const events = [...records].flatMap(([organisationId, rs]) =>
        lapsesOn(rs, q.date, done).map((e) => ({ ...e, organisationId, id: ctx.ids.next() })),
      );
      await writeChanges(tx, [], events, {
        source: 'scan',
        sourceRef: null,
        actor: q.actor,
        at: ctx.clock.now(),
      });
      return events.length;
    });
    result.lapsed += written;
    if (written === 0 || orgs.length < BATCH) break;
  }

  // 2. First-time rewards not judged yet.
  const { adopt } = await rewardSettings(ctx.db);
  for (const reward of rewardMeasuresOf(ctx.engine)) {
    const window = windowOn(reward.measure.document, q.date, adopt);
    if (window.from === null) continue;
    const to = window.to !== null && window.to < q.date ? window.to : q.date;
    for (;;) {
      const due = await firstReachedWithoutReward(ctx.db, {
        code: reward.kind,
        measureId: reward.measureId,
        from: null,
        to,
        limit: BATCH,
      });
      if (due.length === 0) break;
      let decided = 0;
      await ctx.db.transaction().execute(async (tx) => {
        for (const d of due) {
          for (const x of await raiseRewardsFor(ctx, tx, q.actor, d.organisation_id, reward.kind, d.first)) {
            if (x.measureId !== reward.measureId || !x.created) continue;
            decided += 1;
            if (x.status === 'new') result.rewards.notices += 1;
            else result.rewards.explained += 1;
          }
        }
      });
      // Firms the engine cannot judge yet (outside every window) stay without a row: stop, not loop.
      if (decided === 0) break;
    }
  }

  // 3. Expiry reminders.
  const widest = Math.max(...ctx.policy.reminderDays);
  const l = labels(ctx.policy);
  for (let offset = 0; ; offset += 1000) {
    const { rows } = await expiringWithin(ctx.db, {
      date: q.date,
      days: widest,
      includeRenewed: false,
      limit: 1000,
      offset,
    });
    if (rows.length === 0) break;
    await ctx.db.transaction().execute(async (tx) => {
      for (const r of rows) {
        const daysLeft = Math.round(
          (Date.parse(`${r.valid_to}T00:00:00Z`) - Date.parse(`${q.date}T00:00:00Z`)) / 86_400_000,
        );
        const window = reminderWindow(daysLeft, ctx.policy.reminderDays);
        if (window === null) continue;
        result.reminders.holdings += 1;
        const title = l.title(r.code, r.level, r.grade);
        const draft = {
          kind: 'qualification.expiring',
          subject: {
            zh: `${title.zh}将于 ${r.valid_to} 到期（${window} 天内）`,
            en: `${title.en} expires on ${r.valid_to} (within ${window} days)`,
          },
          body: {
            zh: `${r.name}的${title.zh}${r.certificate_no ? `（证书编号 ${r.certificate_no}）` : ''}有效期至 ${r.valid_to}，还有 ${daysLeft} 天。请及时准备重新认定；续期记录后不再提醒。`,
            en: `${r.name}'s ${title.en}${r.certificate_no ? ` (certificate ${r.certificate_no})` : ''} is valid until ${r.valid_to}, ${daysLeft} days from now. Prepare its renewal; once recorded, reminders stop.`,
          },
          link: `/qualifications/organisations/${r.organisation_id}`,
          ref: `qualification:${r.record_id}`,
        };
        if (
          await ctx.notify(tx, {
            ...draft,
            to: { organisationId: r.organisation_id },
            dedupeKey: `qualification.expiring:${r.record_id}:${window}:org`,
          })
        )
          result.reminders.sent += 1;
        for (const o of r.officers ?? [])
          if (
            await ctx.notify(tx, {
              ...draft,
              to: { userId: o.id },
              dedupeKey: `qualification.expiring:${r.record_id}:${window}:user:${o.id}`,
            })
          )
            result.reminders.sent += 1;
      }
    });
    if (rows.length < 1000) break;
  }

  // 4. Folds the stock's appended changes (migration 0016), so the as-of stock stays a short sum.
  await rollUpStock(ctx.db);

  // A scheduled run that changed nothing leaves no entry (the hourly job would flood the trail);
  // one asked for by a person always does.
  const changed =
    result.lapsed + result.rewards.notices + result.rewards.explained + result.reminders.sent > 0;
  if (!changed && q.actor === SYSTEM_ACTOR) return result;
  await ctx.db
    .transaction()
    .execute((tx) =>
      ctx.record(tx, q.actor, 'qualification.scan', null, { ...result, window: addDays(q.date, widest) }),
    );
  return result;
}
