/**
 * Demo data for the tier and qualification ledger (issue 13), labelled as such: a few thousand
 * (DEMO_FIRMS) generated firms named “（演示）…” with three years of figures and a ledger spread over
 * 2021–2026 — 科技型中小企业 listed year by year, 高企 certificates renewed (or not) every three years,
 * 专精特新 市级 (renewed or lapsed, a few moving up to 国家级), 小巨人 (培育 → 正式),
 * 潜力瞪羚/瞪羚/潜力独角兽/独角兽 with some gazelles stepping back down on review, a few revocations —
 * every event with source `demo` (shown as 演示数据). Synthetic throughout: no certificate numbers,
 * and the terms of kinds whose validity the rules leave to an officer are demo dates on the records.
 * Then three 培育库 with the demo reviewer as service officer and a few services; 001 simulated as
 * adopted for first-time rewards (a setting an admin can change); and one demo firm (qiye2's) that
 * becomes a 瞪羚 for the first time inside the window, so its 免申即享 notice waits in its inbox.
 * The daily scan then records lapses and sends expiry reminders as it would any day.
 *
 * Deterministic (a seeded generator) and idempotent: nothing is added when the first generated firm
 * exists. No number here is a policy figure: the thresholds stay 待设定 until an officer sets them.
 */
import { randomUUID } from 'node:crypto';
import { addDays, addYears, type IsoDate } from '../../core/dates.ts';
import type { Engine } from '../../core/engine/calculate.ts';
import type { LedgerRecord } from '../../core/qualifications/ledger.ts';
import { type LedgerOp, LedgerOpError, planOperation } from '../../core/qualifications/operations.ts';
import { withUsccCheck } from '../../core/uscc.ts';
import { writeChanges } from '../../storage/repositories/qualifications/ledger.ts';
import type { Db } from '../../storage/schema.ts';
import type { AuditPort } from '../applications/ports.ts';
import type { SessionUser } from '../auth/types.ts';
import type { Clock } from '../clock.ts';
import { createMessageService } from '../messages/service.ts';
import { applyOperations } from '../qualifications/apply-operations.ts';
import { createQualificationService } from '../qualifications/service.ts';

export interface DemoQualificationOptions {
  /** Generated firms (default DEMO_FIRMS). */
  organisations?: number;
}

export interface DemoQualifications {
  organisations: number;
  holdings: number;
  events: number;
  pools: number;
  members: number;
  /** The demo firm's first-time reward notice (null when the day is before the simulated window). */
  rewardNotice: { organisationId: string; measureId: string } | null;
  scan: { lapsed: number; reminders: number; rewards: number };
}

export const DEMO_ADOPT_001 = '2026-07-01';
/** Generated firms `serve --demo` seeds (issue 13: "a few thousand organisations"). */
export const DEMO_FIRMS = 3000;
const USCC_PREFIX = '91310117QD';

/** mulberry32: a small seeded generator, so the demo is the same on every machine. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const NAMES = [
  '智造',
  '芯材',
  '精密',
  '数联',
  '生物',
  '新能',
  '光电',
  '机器人',
  '云算',
  '航宇',
  '医械',
  '材料',
];
const SECTORS = [
  'high_end_equipment',
  'new_materials',
  'next_gen_it',
  'biomedicine',
  'new_energy',
  'scientific_instruments',
];

/** The ledger operations of one generated firm, in the order they happen, none after `today`. */
function historyOf(r: ReturnType<typeof generator>, today: IsoDate): LedgerOp[] {
  const ops: (LedgerOp & { at: IsoDate })[] = [];
  const certify = (kind: string, grantedOn: IsoDate, extra: Partial<LedgerOp> = {}) => {
    if (grantedOn > today) return false;
    ops.push({ op: 'certify', kind, grantedOn, at: grantedOn, ...extra } as never);
    return true;
  };
  /** The day before the same day `years` later: the last day of a certificate of that many years. */
  const lastDayAfter = (from: IsoDate, years: number) => addDays(addYears(from, years), -1);
  // 科技型中小企业: evaluated year by year (listed in spring, to the year's end); most firms stay on
  // the list a few years, some drop off and a few come back.
  const techSme = r.chance(0.55);
  if (techSme) {
    let year = r.int(2021, 2026);
    while (year <= 2026) {
      certify('tech_sme', `${year}-04-${pad(r.int(1, 28))}`, { expiresOn: `${year}-12-31` });
      year += r.chance(0.8) ? 1 : r.chance(0.25) ? 2 : 99;
    }
  }
  // 高新技术企业: three-year certificates (国科发火〔2016〕32号 第九条), recognised in the autumn
  // batches; about seven in ten renewed, a few revoked on review.
  let highTech: IsoDate | null = null;
  if (r.chance(techSme ? 0.45 : 0.2)) {
    let granted: IsoDate = `${r.int(2019, 2026)}-${pad(r.int(10, 12))}-${pad(r.int(1, 28))}`;
    for (;;) {
      if (!certify('high_tech', granted, { level: 'national' })) break;
      highTech ??= granted;
      const lastDay = lastDayAfter(granted, 3);
      if (r.chance(0.015) && addDays(granted, 400) <= today) {
        const on = addDays(granted, r.int(200, 900));
        if (on <= today && on <= lastDay)
          ops.push({
            op: 'revoke',
            kind: 'high_tech',
            on,
            reason: '（演示）复核不符合认定条件',
            grantedOn: granted,
            at: on,
          });
        break;
      }
      if (!r.chance(0.72)) break;
      granted = r.chance(0.5) ? lastDay : addDays(lastDay, 1);
    }
  }
  // 专精特新: municipal listings (three-year terms here, synthetic: the rules' validity is not
  // excerpted), most renewed on review; a few firms move up to the national list.
  if (highTech && r.chance(0.22)) {
    let from: IsoDate = `${r.int(2021, 2026)}-${pad(r.int(1, 12))}-01`;
    const national = r.chance(0.08);
    let level: 'municipal' | 'national' = national ? 'national' : 'municipal';
    while (certify('specialised_sme', from, { level, expiresOn: lastDayAfter(from, 3) })) {
      if (level === 'municipal' && r.chance(0.1)) {
        const up: IsoDate = `${Number(from.slice(0, 4)) + r.int(1, 2)}-07-01`;
        if (certify('specialised_sme', up, { level: 'national', expiresOn: lastDayAfter(up, 3) })) {
          level = 'national';
          from = up;
        }
      }
      if (!r.chance(0.65)) break;
      from = addDays(lastDayAfter(from, 3), 1);
    }
  }
  // 科技小巨人: 培育 for two years, about a third then 正式.
  if (highTech && r.chance(0.1)) {
    const year = r.int(2021, 2026);
    certify('little_giant', `${year}-07-01`, { grade: 'cultivation', expiresOn: `${year + 2}-06-30` });
    if (r.chance(0.35))
      certify('little_giant', `${year + 2}-07-01`, { grade: 'formal', expiresOn: `${year + 5}-06-30` });
  }
  // 潜力瞪羚 → 瞪羚 (a few straight to 瞪羚); some gazelles fall back a step on review.
  if (r.chance(0.08)) {
    const year = r.int(2021, 2026);
    certify('potential_gazelle', `${year}-09-01`);
    // 瞪羚 from the spring after the listing (none yet for a 2026 listing).
    if (r.chance(0.35) && year < 2026) {
      const up: IsoDate = `${Math.min(year + r.int(1, 2), 2026)}-05-15`;
      if (certify('gazelle', up) && r.chance(0.3))
        fallBack(ops, 'gazelle', 'potential_gazelle', up, today, r);
    }
  } else if (highTech && r.chance(0.02)) {
    const on: IsoDate = `${r.int(2021, 2026)}-05-15`;
    if (certify('gazelle', on) && r.chance(0.3)) fallBack(ops, 'gazelle', 'potential_gazelle', on, today, r);
  }
  // 潜力独角兽 → 独角兽, rare.
  if (r.chance(0.006)) {
    const year = r.int(2021, 2025);
    certify('potential_unicorn', `${year}-11-01`);
    if (r.chance(0.3)) certify('unicorn', `${year + 2}-03-01`);
  }
  // Each firm's operations in the order they take effect.
  return ops
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    .map(({ at: _at, ...op }) => op as LedgerOp);
}

/** A step down the growth ladder on a yearly review, a year or so after reaching `kind` (if by today). */
function fallBack(
  ops: (LedgerOp & { at: IsoDate })[],
  kind: string,
  to: string,
  since: IsoDate,
  today: IsoDate,
  r: ReturnType<typeof generator>,
): void {
  const on = addDays(since, r.int(200, 450));
  if (on <= today)
    ops.push({ op: 'downgrade', kind, on, reason: '（演示）年度复核未达标', to: { kind: to }, at: on });
}

export async function seedDemoQualifications(
  deps: { db: Db; engine: Engine; clock: Clock; audit: AuditPort },
  cast: { reviewer: SessionUser; admin: SessionUser; enterprise: SessionUser | null },
  options: DemoQualificationOptions = {},
): Promise<DemoQualifications | null> {
  const { db, clock } = deps;
  const n = options.organisations ?? DEMO_FIRMS;
  const firstUscc = withUsccCheck(`${USCC_PREFIX}${String(1).padStart(7, '0')}`);
  if (await db.selectFrom('organisations').select('id').where('uscc', '=', firstUscc).executeTakeFirst())
    return null;
  const ids = { next: () => randomUUID() };
  const service = createQualificationService({
    db,
    engine: deps.engine,
    clock,
    ids,
    audit: deps.audit,
    messages: createMessageService({ db, clock, ids }),
  });
  const ctx = service.context;
  const today = ctx.today();
  const r = generator(20260701);
  const cities = deps.engine.catalogue.reference.cities.filter(
    (c) => c.role === 'core' || c.role === 'member',
  );
  const at = clock.now();

  // 1. Firms, figures and their ledgers, in batches of 500 per transaction.
  let holdings = 0;
  let events = 0;
  for (let start = 0; start < n; start += 500) {
    const batch: { id: string; uscc: string; name: string; city: string; sectors: string[] }[] = [];
    for (let i = start; i < Math.min(n, start + 500); i++) {
      const city = r.chance(0.72) ? 'songjiang' : r.pick(cities).code;
      batch.push({
        id: randomUUID(),
        uscc: withUsccCheck(`${USCC_PREFIX}${String(i + 1).padStart(7, '0')}`),
        name: `（演示）${r.pick(NAMES)}${String(i + 1).padStart(4, '0')}科技有限公司`,
        city,
        sectors: [r.pick(SECTORS)],
      });
    }
    const figures = batch.flatMap((o) => {
      let revenue = r.int(3, 600) * 1_000_000 * 100; // 300万–6亿元, in fen
      const ratio = r.int(10, 90) / 1000;
      return [2023, 2024, 2025].map((year) => {
        revenue = Math.round(revenue * (0.85 + r.next() * 0.55));
        return {
          organisation_id: o.id,
          year,
          revenue,
          rd_expense: Math.round(revenue * ratio),
          employees: r.int(8, 900),
        };
      });
    });
    const changes: Parameters<typeof writeChanges>[1][number][] = [];
    const evs: Parameters<typeof writeChanges>[2][number][] = [];
    for (const o of batch) {
      let records: LedgerRecord[] = [];
      for (const op of historyOf(r, today)) {
        try {
          const plan = planOperation(ctx.policy, records, o.id, op, ids.next);
          records = plan.records;
          changes.push(...plan.changes);
          evs.push(...plan.events.map((e) => ({ ...e, organisationId: o.id, id: ids.next() })));
        } catch (e) {
          // A generated step the ledger refuses (e.g. a grant inside a revoked span) is left out.
          if (!(e instanceof LedgerOpError)) throw e;
        }
      }
      holdings += records.length;
    }
    events += evs.length;
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('organisations')
        .values(
          batch.map((o) => ({
            id: o.id,
            uscc: o.uscc,
            name: o.name,
            kind: 'enterprise',
            city: o.city,
            district: o.city === 'songjiang' ? '松江区' : null,
            centre_origin_city: null,
            sectors: o.sectors,
            licences: [],
          })),
        )
        .execute();
      await tx.insertInto('organisation_figures').values(figures).execute();
      await writeChanges(tx, changes, evs, { source: 'demo', sourceRef: 'demo', actor: 'system', at });
      if (start === 0)
        await ctx.record(tx, 'system', 'demo.seed_qualifications', null, {
          organisations: n,
          label: '演示数据',
        });
    });
  }

  // 2. 培育库 with the demo reviewer as service officer.
  const pools = [
    {
      name: '高企培育库（演示）',
      description: '科技型中小企业中尚未认定高新技术企业的，按认定条件逐项对照。',
      target: { kind: 'high_tech' },
      rule: { holdsAny: ['tech_sme'], holdsNone: ['high_tech'], cities: ['songjiang'] },
    },
    {
      name: '小巨人培育库（演示）',
      description: '有效期内高新技术企业，尚未进入科技小巨人序列。',
      target: { kind: 'little_giant', grade: 'cultivation' },
      rule: { holdsAny: ['high_tech'], holdsNone: ['little_giant'], cities: ['songjiang'] },
    },
    {
      name: '种子选手（演示）',
      description: '高企资格将在一年内到期、需准备重新认定的企业。',
      target: { kind: 'high_tech' },
      rule: { holdsAny: ['high_tech'], expiringWithinDays: 365, cities: ['songjiang'] },
    },
  ];
  let members = 0;
  for (const [i, p] of pools.entries()) {
    const id = await service.createPool(cast.reviewer, p);
    const c = await service.findCandidates(cast.reviewer, id, { limit: i === 0 ? 30 : 12 });
    const orgs = c.items.map((x) => x.organisationId);
    if (orgs.length === 0) continue;
    await service.enrolMembers(cast.reviewer, id, { organisationIds: orgs, officerId: cast.reviewer.id });
    members += orgs.length;
    for (const [k, organisationId] of orgs.slice(0, 4).entries())
      await service.recordService(cast.reviewer, {
        organisationId,
        poolId: id,
        service: (['visit', 'training', 'referral', 'consultation'] as const)[k]!,
        on: addDays(today, -7 * (k + 1)),
        note: '（演示）走访了解研发投入与知识产权情况，讲解认定条件和申报时间。',
      });
  }

  // 3. 001 simulated as adopted for first-time rewards; one demo firm first reaches 瞪羚 inside it.
  await service.setRewardSettings(cast.admin, { adopt: { '001': DEMO_ADOPT_001 } });
  let rewardNotice: DemoQualifications['rewardNotice'] = null;
  const firm = cast.enterprise?.organisationId;
  if (firm && today >= DEMO_ADOPT_001) {
    const grantedOn = addDays(today, -20) >= DEMO_ADOPT_001 ? addDays(today, -20) : DEMO_ADOPT_001;
    const result = await applyOperations(
      ctx,
      cast.reviewer.username,
      [
        {
          organisationId: firm,
          op: { op: 'certify', kind: 'gazelle', grantedOn, issuer: '（演示）松江区科学技术委员会' },
        },
      ],
      { source: 'demo', sourceRef: 'demo' },
      {
        action: 'qualification.record',
        subject: `organisation:${firm}`,
        detail: { kind: 'gazelle', grantedOn, demo: true },
      },
    );
    const notice = result.rewards.find((x) => x.status === 'new');
    if (notice) rewardNotice = { organisationId: firm, measureId: notice.measureId };
  }

  // 4. The day's scan, as the scheduler would run it.
  const scan = await service.scan({ date: today, actor: 'system' });
  return {
    organisations: n,
    holdings,
    events,
    pools: pools.length,
    members,
    rewardNotice,
    scan: {
      lapsed: scan.lapsed,
      reminders: scan.reminders.sent,
      rewards: scan.rewards.notices + scan.rewards.explained,
    },
  };
}
