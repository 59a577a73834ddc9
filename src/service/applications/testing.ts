/**
 * Fixtures for the application, ledger and payment tests: a few organisations and one user per role,
 * a settable clock and the ports the services take. Rows are inserted directly, so these tests do not
 * depend on the registry import or on password hashing.
 */
import { randomUUID } from 'node:crypto';
import { loadCatalogue } from '../../catalogue/load.ts';
import { createEngine, type Engine } from '../../core/engine/calculate.ts';
import { wanToFen } from '../../core/money.ts';
import type { Db } from '../../storage/schema.ts';
import { createAuditService } from '../audit/service.ts';
import { createLedgerService } from '../ledger/service.ts';
import type { Actor, AuditPort, Clock, IdSource } from './ports.ts';
import { type ApplicationService, createApplicationService } from './service.ts';

let engine: Engine | undefined;
export function testEngine(): Engine {
  engine ??= createEngine(loadCatalogue());
  return engine;
}

export class TestClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  /** Noon in Shanghai on that day, so the Shanghai date is the one given. */
  setDay(day: string): void {
    this.current = new Date(`${day}T04:00:00Z`);
  }
}

export const uuidIds: IdSource = { next: () => randomUUID() };

export interface World {
  orgs: { challenger: string; university: string; centre: string; other: string };
  users: {
    enterprise: Actor;
    centreUser: Actor;
    otherEnterprise: Actor;
    reviewer: Actor;
    reviewer2: Actor;
    approver: Actor;
    approver2: Actor;
    admin: Actor;
    auditor: Actor;
  };
}

let usccSeq = 0;
/** A syntactically valid USCC (the registry service checks the check digit; these rows bypass it). */
function uscc(): string {
  usccSeq++;
  return `91310117${String(usccSeq).padStart(9, '0')}X`;
}

export async function insertOrganisation(
  db: Db,
  org: { name: string; kind: string; city?: string; centreOriginCity?: string | null },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('organisations')
    .values({
      id,
      uscc: uscc(),
      name: org.name,
      kind: org.kind,
      city: org.city ?? 'songjiang',
      district: 'songjiang',
      centre_origin_city: org.centreOriginCity ?? null,
      sectors: [],
      licences: [],
    })
    .execute();
  return id;
}

export async function insertUser(
  db: Db,
  username: string,
  role: Actor['role'],
  organisationId: string | null = null,
): Promise<Actor> {
  const id = randomUUID();
  const now = new Date();
  await db
    .insertInto('users')
    .values({
      id,
      username,
      display_name: username,
      password_hash: '$argon2id$v=19$m=19456,t=2,p=1$dGVzdHRlc3Q$dGVzdHRlc3R0ZXN0dGVzdA',
      role,
      organisation_id: organisationId,
      password_changed_at: now,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id, username, role, organisationId };
}

export async function makeWorld(db: Db): Promise<World> {
  const challenger = await insertOrganisation(db, {
    name: '嘉兴中心揭榜企业',
    kind: 'enterprise',
    centreOriginCity: 'jiaxing',
  });
  const university = await insertOrganisation(db, {
    name: '产学研合作企业',
    kind: 'enterprise',
    centreOriginCity: 'suzhou',
  });
  const centre = await insertOrganisation(db, {
    name: '嘉兴产业协同创新中心',
    kind: 'innovation_centre',
    centreOriginCity: 'jiaxing',
  });
  const other = await insertOrganisation(db, {
    name: '另一家企业',
    kind: 'enterprise',
    centreOriginCity: 'hangzhou',
  });
  const tag = randomUUID().slice(0, 8);
  return {
    orgs: { challenger, university, centre, other },
    users: {
      enterprise: await insertUser(db, `ent-${tag}`, 'enterprise', challenger),
      centreUser: await insertUser(db, `centre-${tag}`, 'enterprise', centre),
      otherEnterprise: await insertUser(db, `other-${tag}`, 'enterprise', other),
      reviewer: await insertUser(db, `rev-${tag}`, 'reviewer'),
      reviewer2: await insertUser(db, `rev2-${tag}`, 'reviewer'),
      approver: await insertUser(db, `app-${tag}`, 'approver'),
      approver2: await insertUser(db, `app2-${tag}`, 'approver'),
      admin: await insertUser(db, `adm-${tag}`, 'admin'),
      auditor: await insertUser(db, `aud-${tag}`, 'auditor'),
    },
  };
}

/** Matters that the engine prices (see the examples in policies/000.yaml). */
export const matters = {
  /** 000·二: 30% of a 50m bid = 15m yuan, exactly. */
  challenge: (id: string, bidFen = 5_000_000_000) => ({
    id,
    type: 'challenge',
    date: '2026-09-01',
    challengeLists: ['songjiang_demand'],
    figures: { bidAmount: bidFen },
  }),
  /** 000·五: up to 2m yuan, the reviewer sets the figure. */
  iur: (id: string) => ({
    id,
    type: 'iur_project',
    date: '2026-07-15',
    partners: [{ kind: 'university', city: 'songjiang' }],
    figures: { projectInput: 800_000_000 },
  }),
  /** 000·三: a consortium with a university of the nine cities; up to 30% of R&D input, at most 30m. */
  consortium: (id: string, rdFen = 5_000_000_000) => ({
    id,
    type: 'consortium',
    date: '2026-09-01',
    partners: [{ kind: 'university', city: 'hangzhou' }],
    figures: { rdInput: rdFen },
  }),
  /** 000·十二: 30% of operating spend, at most 1m yuan a year. */
  centreOperation: (id: string, date: string, spendFen = 100_000_000) => ({
    id,
    type: 'centre_operation',
    date,
    claims: ['cross_region_effect'],
    figures: { operatingSpend: spendFen },
  }),
};

/** The real audit trail (SM3 chain), appended inside the services' transactions. */
export function testAudit(db: Db, clock: Clock): AuditPort {
  return createAuditService({ db, clock });
}

/** The application and ledger services over one test database, with their ports and a world of users. */
export async function applicationsTestbed(db: Db, clock: Clock) {
  const engine = testEngine();
  const audit = testAudit(db, clock);
  return {
    world: await makeWorld(db),
    audit,
    service: createApplicationService({ db, engine, clock, ids: uuidIds, audit }),
    ledger: createLedgerService({ db, engine, clock, audit }),
  };
}

/** Draft → submitted → accepted → under review → recommended by the reviewer, ready for the approver. */
export async function recommendedApplication(
  service: ApplicationService,
  reviewer: Actor,
  owner: Actor,
  measureId: string,
  matter: Record<string, unknown>,
  amount: number,
  /** The written reason, for an amount below the ceiling. */
  reason?: string,
) {
  const app = await service.create(owner, { measureId, matter });
  await service.submit(owner, app.id);
  await service.accept(reviewer, app.id);
  await service.startReview(reviewer, app.id);
  return service.recommend(reviewer, app.id, amount, reason ? { reason } : {});
}

/** Recommended, approved, through a one-day notice and scheduled in stages by `weights`: ready to pay. */
export async function scheduledApplication(
  service: ApplicationService,
  world: World,
  clock: TestClock,
  owner: Actor,
  weights: number[],
) {
  clock.setDay('2026-09-10');
  const { reviewer, approver, admin } = world.users;
  const app = await recommendedApplication(
    service,
    reviewer,
    owner,
    '000·二',
    matters.challenge(`pay-${randomUUID()}`),
    wanToFen(1500),
  );
  await service.approve(approver, app.id);
  await service.publishNotice(admin, app.id, 1);
  clock.setDay('2026-09-11');
  await service.closeNotice(admin, app.id);
  await service.scheduleStages(admin, app.id, { weights });
  return service.get(admin, app.id);
}
