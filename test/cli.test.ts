/** The `ceyuan` command as an officer scripts it: exit codes, JSON contracts, readable output. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', 'bin', 'ceyuan.js');

async function ceyuan(...args: string[]) {
  try {
    const { stdout, stderr } = await run('node', [BIN, ...args], {
      env: { ...process.env, CEYUAN_TODAY: '2026-11-21' },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

function inputFile(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ceyuan-cli-')), 'input.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const challenge = {
  applicant: { kind: 'enterprise', city: 'songjiang', centreOriginCity: 'jiaxing' },
  matters: [
    {
      id: 'p1',
      type: 'challenge',
      challengeLists: ['songjiang_demand', 'corridor_source'],
      figures: { bidAmount: 5_000_000_000 },
    },
  ],
};

describe('ceyuan CLI', () => {
  it('catalogue --json lists every measure with id, title, status and window', async () => {
    const { code, stdout } = await ceyuan('catalogue', '--json');
    expect(code).toBe(0);
    const list = JSON.parse(stdout) as Record<string, unknown>[];
    expect(list.length).toBeGreaterThan(40);
    for (const m of list)
      expect(Object.keys(m)).toEqual(
        expect.arrayContaining(['id', 'title', 'status', 'validFrom', 'validTo']),
      );
    expect(list.find((m) => m.id === '000·二')).toMatchObject({
      status: 'in_force',
      validFrom: '2026-06-01',
      validTo: '2028-05-31',
    });
    expect(list.find((m) => m.id === '001·二')).toMatchObject({ status: 'draft', validFrom: null });
  }, 60_000);

  it('calc --json gives evaluations and granted with amounts in fen', async () => {
    const { code, stdout } = await ceyuan('calc', inputFile(challenge), '--as-of', '2026-09-01', '--json');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    const e = out.evaluations.find((x: { measureId: string }) => x.measureId === '000·二');
    // A ceiling the reviewer decides within, headlined "最高可获", paid in stages with a proposed plan.
    expect(e).toMatchObject({
      eligible: true,
      amount: { min: 0, max: 1_500_000_000 },
      exact: false,
      headline: '最高可获¥15,000,000.00',
      staged: true,
      stages: { staged: true, weights: [4, 3, 3], amounts: [600_000_000, 450_000_000, 450_000_000] },
    });
    expect(e.formula).toContain('最高可获 = min(揭榜额¥50,000,000.00 × 30%');
    expect(e.reasons.length).toBeGreaterThan(2);
    expect(out.headline).toBe('最高可获¥15,000,000.00');
    expect(out.overlapChecks).toEqual([]);
    expect(out.granted.map((g: { measureId: string }) => g.measureId)).toContain('000·二');
    expect(out.catalogueVersion).toMatch(/^[0-9a-f]{16}$/);
  }, 60_000);

  it('calc --simulate lets draft 001 compete under 从优、就高、不重复', async () => {
    const { stdout } = await ceyuan(
      'calc',
      inputFile(challenge),
      '--as-of',
      '2026-09-01',
      '--simulate',
      '001=2026-07-01',
      '--json',
    );
    const out = JSON.parse(stdout);
    const draft = out.evaluations.find((x: { measureId: string }) => x.measureId === '001·二');
    expect(draft).toMatchObject({ eligible: true, simulated: true });
    const challengeGrants = out.granted.filter((g: { measureId: string }) =>
      ['000·二', '001·二'].includes(g.measureId),
    );
    expect(challengeGrants).toHaveLength(1);
    expect(challengeGrants[0].displaced.map((d: { measureId: string }) => d.measureId)).toEqual(['001·二']);
  }, 60_000);

  it('calc prints a readable Chinese table by default', async () => {
    const { code, stdout } = await ceyuan('calc', inputFile(challenge), '--as-of', '2026-09-01');
    expect(code).toBe(0);
    expect(stdout).toContain('可享受');
    expect(stdout).toContain('最高可获¥15,000,000.00');
    expect(stdout).toContain('分阶段');
  }, 60_000);

  it('calc exits 2 with the field and rule on stderr for invalid input', async () => {
    const bad = {
      applicant: { kind: 'enterprise', city: 'atlantis' },
      matters: [{ type: 'challenge', figures: { bidAmount: -5 } }],
    };
    const { code, stdout, stderr } = await ceyuan('calc', inputFile(bad), '--json');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('applicant.city');
    expect(stderr).toContain('matters.0.figures.bidAmount');
  }, 60_000);

  it('calc exits 2 on a file that is not JSON', async () => {
    const { code, stderr } = await ceyuan('calc', inputFile('{ not json'));
    expect(code).toBe(2);
    expect(stderr).toMatch(/JSON/);
  }, 60_000);

  it('explain shows the clause, the rule and a worked example', async () => {
    const { code, stdout } = await ceyuan('explain', '000·九·运营');
    expect(code).toBe(0);
    expect(stdout).toContain('每年给予不超过总运营支出 30%');
    expect(stdout).toContain('按年度计算上限');
    expect(stdout).toContain('【算例】');
  }, 60_000);

  it('explain of an unknown id exits non-zero', async () => {
    const { code, stderr } = await ceyuan('explain', '000·九十九');
    expect(code).not.toBe(0);
    expect(stderr).toContain('NOT_FOUND');
  }, 60_000);

  it('catalogue check passes on the published catalogue', async () => {
    const { code, stdout } = await ceyuan('catalogue', 'check');
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/0 errors/);
  }, 60_000);

  it('the JSON Schema in docs/ is the one the code exports', async () => {
    const { stdout } = await ceyuan('schema');
    const committed = readFileSync(join(import.meta.dirname, '..', 'docs', 'calc-input.schema.json'), 'utf8');
    expect(JSON.parse(stdout)).toEqual(JSON.parse(committed));
  }, 60_000);

  it('--help lists every command, and a command’s own help shows its options', async () => {
    const top = await ceyuan('--help');
    expect(top.code).toBe(0);
    for (const name of [
      'catalogue',
      'calc',
      'explain',
      'screen',
      'simulate',
      'serve',
      'import',
      'audit',
      'plan',
    ])
      expect(top.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    const calc = await ceyuan('help', 'calc');
    expect(calc.stdout).toContain('--simulate <doc=date>');
  }, 60_000);

  it('plan check finds every quote verbatim and lists the 16 targets with their kind', async () => {
    const { code, stdout } = await ceyuan('plan', 'check', '--json');
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { problems: string[]; targets: { id: string; kind: string }[] };
    expect(out.problems).toEqual([]);
    expect(out.targets).toHaveLength(16);
  }, 60_000);

  it('plan scan evaluates every target on a date and alerts overdue values (schedulable)', async () => {
    const { code, stdout, stderr } = await ceyuan(
      'plan',
      'scan',
      '--date',
      '2027-02-15',
      '--data',
      'memory://',
      '--json',
    );
    expect(code, stderr).toBe(0);
    const out = JSON.parse(stdout) as {
      date: string;
      evaluated: number;
      sent: number;
      alerts: { kind: string }[];
    };
    expect(out).toMatchObject({ date: '2027-02-15', evaluated: 16 });
    expect(out.sent).toBeGreaterThan(0);
    expect(out.alerts.every((a) => a.kind === 'plan.overdue')).toBe(true);
  }, 60_000);

  it('qualifications check lists every kind and each criterion by basis (sourced, officer parameter, judgement)', async () => {
    const { code, stdout, stderr } = await ceyuan('qualifications', 'check', '--json');
    expect(code, stderr).toBe(0);
    const out = JSON.parse(stdout) as {
      kinds: string[];
      criteria: { kind: string; criterion: string; basis: string; citation: string | null }[];
    };
    expect(out.kinds).toEqual(
      expect.arrayContaining([
        'high_tech',
        'tech_sme',
        'specialised_sme',
        'little_giant',
        'gazelle',
        'unicorn',
        'chain_leader',
      ]),
    );
    // A threshold a public rule prints carries its citation; a local one is an officer parameter without one.
    expect(out.criteria.filter((c) => c.basis === 'sourced').every((c) => c.citation)).toBe(true);
    expect(out.criteria.find((c) => c.kind === 'gazelle' && c.criterion === 'revenue_growth')).toMatchObject({
      basis: 'parameter',
      citation: null,
    });
  }, 60_000);

  it('qualifications scan runs on an empty database and reports what it did (schedulable)', async () => {
    const { code, stdout, stderr } = await ceyuan(
      'qualifications',
      'scan',
      '--date',
      '2026-11-21',
      '--data',
      'memory://',
      '--json',
    );
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      date: '2026-11-21',
      lapsed: 0,
      rewards: { notices: 0, explained: 0 },
      reminders: { holdings: 0, sent: 0 },
    });
  }, 60_000);
});
