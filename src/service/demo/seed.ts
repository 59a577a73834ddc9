/**
 * `serve --demo`: the demo registry, one account per role and (when document 000 is in force) a few
 * applications in different states. Idempotent: what exists is left alone, so restarting with
 * --demo on the same data folder changes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { planFor } from '../../catalogue/load-plan.ts';
import type { Catalogue } from '../../core/catalogue/types.ts';
import { shanghaiDate, yearOf } from '../../core/dates.ts';
import type { Engine } from '../../core/engine/calculate.ts';
import { wanToFen } from '../../core/money.ts';
import { createScreeningService } from '../../screening/runs.ts';
import type { ScreeningDatabase } from '../../screening/tables.ts';
import { OrganisationRepository } from '../../storage/repositories/organisations.ts';
import { UserRepository } from '../../storage/repositories/users.ts';
import type { Db } from '../../storage/schema.ts';
import { createApplicationService } from '../applications/service.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { SessionUser } from '../auth/types.ts';
import type { Clock } from '../clock.ts';
import { createMessageService } from '../messages/service.ts';
import { createBaseFigureService } from '../registry/base-figures.ts';
import { type DemoApplications, seedDemoApplications } from './applications.ts';
import { type DemoChallenges, seedDemoChallenges } from './challenges.ts';
import { type DemoMatching, type DemoMatchingOptions, seedDemoMatching } from './matching.ts';
import { type DemoPlan, seedDemoPlan } from './plan.ts';
import {
  type DemoQualificationOptions,
  type DemoQualifications,
  seedDemoQualifications,
} from './qualifications.ts';
import { DEMO_BASE_FIGURES, DEMO_PASSWORD, DEMO_USERS, demoOrganisations } from './registry.ts';

export interface DemoSummary {
  organisationsCreated: number;
  organisations: number;
  usersCreated: number;
  users: { username: string; role: string; displayName: string; organisation: string | null }[];
  password: string;
  applications: DemoApplications | null;
  /** The screening run made for the demo (its notices fill the inboxes); null when one existed. */
  screening: { runId: string; date: string; notices: number } | null;
  /** 双向发榜 listings and engagements; null when listings existed. */
  matching: DemoMatching | null;
  /** Demo observations of the 十五五 plan's targets (source 演示数据). */
  plan: DemoPlan;
  /** Generated firms with a 2021–2026 qualification ledger, pools and a reward notice; null when seeded before. */
  qualifications: DemoQualifications | null;
  /** 揭榜挂帅 lists, problems, bids, a judged and funded problem (演示数据); null when a role is missing. */
  challenges: DemoChallenges | null;
}

export async function seedDemo(deps: {
  db: Db;
  catalogue: Catalogue;
  engine: Engine;
  clock: Clock;
  audit: AuditService;
  auth: AuthService;
  /** 双向发榜 demo listings: options, or false to leave them out (default: the full set). */
  matching?: DemoMatchingOptions | false;
  /** Qualification ledger demo: options, or false to leave it out (default: DEMO_FIRMS generated firms). */
  qualifications?: DemoQualificationOptions | false;
  /** 揭榜挂帅 demo lists: false to leave them out (challenges.test.ts checks them on their own). */
  challenges?: false;
}): Promise<DemoSummary> {
  const { db, clock, audit, auth } = deps;
  const organisations = demoOrganisations(deps.catalogue.reference);

  const orgIds: string[] = [];
  let organisationsCreated = 0;
  await db.transaction().execute(async (tx) => {
    const repo = new OrganisationRepository(tx);
    for (const data of organisations) {
      const existing = await repo.getByUscc(data.uscc);
      if (existing) {
        orgIds.push(existing.id);
        continue;
      }
      orgIds.push(await repo.insert(data, clock.now()));
      organisationsCreated += 1;
    }
    if (organisationsCreated > 0) {
      await audit.append(tx, {
        actor: 'system',
        action: 'demo.seed_registry',
        subject: null,
        detail: { created: organisationsCreated },
      });
    }
  });

  const users = new UserRepository(db);
  const cast: Partial<Record<string, SessionUser>> = {};
  let usersCreated = 0;
  for (const u of DEMO_USERS) {
    const index =
      u.organisation === undefined ? -1 : organisations.findIndex((o) => o.name === u.organisation);
    const organisationId = index < 0 ? null : orgIds[index]!;
    const row = await users.byUsername(u.username);
    const user = row
      ? {
          id: row.id,
          username: row.username,
          displayName: row.display_name,
          role: row.role,
          organisationId: row.organisation_id,
        }
      : await auth.createUser(null, {
          username: u.username,
          displayName: u.displayName,
          password: DEMO_PASSWORD,
          role: u.role,
          organisationId,
          ...(u.department && { department: u.department }),
          ...(u.affiliation && {
            affiliationOrganisationId: orgIds[organisations.findIndex((o) => o.name === u.affiliation)],
          }),
        });
    if (!row) usersCreated += 1;
    cast[u.username] ??= user;
    cast[u.role] ??= user;
  }

  // Applications only on a fresh demo: the workflow would otherwise file the same cases again.
  let applications: DemoApplications | null = null;
  const hasApplications = await db.selectFrom('applications').select('id').limit(1).executeTakeFirst();
  if (!hasApplications && cast.enterprise && cast.reviewer && cast.approver && cast.admin) {
    applications = await seedDemoApplications(
      { db, engine: deps.engine, clock, ids: { next: () => randomUUID() }, audit },
      { enterprise: cast.enterprise, reviewer: cast.reviewer, approver: cast.approver, admin: cast.admin },
    );
  }

  // Filed base figures for the last complete year, so the demo run has 免申即享 notices with amounts.
  if (cast.admin) {
    const figures = createBaseFigureService({ db, catalogue: deps.catalogue, clock, audit });
    const year = yearOf(shanghaiDate(clock.now())) - 1;
    for (const f of DEMO_BASE_FIGURES) {
      const index = organisations.findIndex((o) => o.name === f.organisation);
      if (index < 0) continue;
      const known = await figures.list(cast.admin, orgIds[index]!);
      if (known.some((k) => k.figure === f.figure && k.year === year)) continue;
      await figures.set(cast.admin, orgIds[index]!, {
        figure: f.figure,
        year,
        amount: wanToFen(f.wan),
        source: f.source,
      });
    }
  }

  // One completed screening run for today, so the screening page and the inboxes have something to
  // show — only when no run has completed yet (a restart leaves it alone; notices never repeat).
  let screening: DemoSummary['screening'] = null;
  const ran = await (db as unknown as Kysely<ScreeningDatabase>)
    .selectFrom('screening_runs')
    .select('id')
    .where('status', '=', 'completed')
    .limit(1)
    .executeTakeFirst();
  if (!ran && cast.admin) {
    const ids = { next: () => randomUUID() };
    const service = createScreeningService({
      db,
      engine: deps.engine,
      clock,
      ids,
      audit,
      applications: createApplicationService({ db, engine: deps.engine, clock, ids, audit }),
    });
    const started = await service.start(cast.admin, { date: shanghaiDate(clock.now()) });
    const run = await service.execute(cast.admin, started.id);
    screening = { runId: run.id, date: run.date, notices: run.notices };
  }

  // 双向发榜: listings published through the matching service and engagements at every stage.
  let matching: DemoMatching | null = null;
  if (cast.reviewer && deps.matching !== false) {
    const ids = { next: () => randomUUID() };
    matching = await seedDemoMatching(
      {
        db,
        engine: deps.engine,
        clock,
        ids,
        audit,
        messages: createMessageService({ db, clock, ids }),
        applications: createApplicationService({ db, engine: deps.engine, clock, ids, audit }),
      },
      { reviewer: cast.reviewer, broker: cast.broker ?? null },
      deps.matching ?? {},
    );
  }
  // 揭榜挂帅: two lists, ten problems, bids, judging with a conflict blocked, an award and a paid tranche.
  let challenges: DemoChallenges | null = null;
  const experts = ['zhuanjia', 'zhuanjia2', 'zhuanjia3', 'zhuanjia4'].map((u) => cast[u]);
  const c = {
    poser: cast.chuti,
    poser2: cast.qiye2,
    university: cast.gaoxiao,
    bidder: cast.qiye,
    bidder3: cast.qiye3,
    bidder4: cast.qiye4,
    reviewer: cast.shenhe,
    approver: cast.shenpi,
    admin: cast.guanli,
  };
  if (deps.challenges !== false && Object.values(c).every(Boolean) && experts.every(Boolean))
    challenges = await seedDemoChallenges(
      { db, engine: deps.engine, clock, ids: { next: () => randomUUID() }, audit },
      { ...(c as Record<keyof typeof c, SessionUser>), experts: experts as SessionUser[] },
    );
  const plan = await seedDemoPlan({
    db,
    plan: planFor(deps.catalogue),
    catalogue: deps.catalogue,
    clock,
    ids: { next: () => randomUUID() },
    audit,
  });

  // The tier and qualification ledger: generated firms (labelled 演示), pools, a first-time reward notice.
  let qualifications: DemoQualifications | null = null;
  if (cast.reviewer && cast.admin && deps.qualifications !== false)
    qualifications = await seedDemoQualifications(
      { db, engine: deps.engine, clock, audit },
      { reviewer: cast.reviewer, admin: cast.admin, enterprise: cast.qiye2 ?? null },
      deps.qualifications ?? {},
    );

  return {
    organisationsCreated,
    organisations: orgIds.length,
    usersCreated,
    users: DEMO_USERS.map((u) => ({
      username: u.username,
      role: u.role,
      displayName: u.displayName,
      organisation: u.organisation ?? null,
    })),
    password: DEMO_PASSWORD,
    applications,
    screening,
    matching,
    plan,
    qualifications,
    challenges,
  };
}
