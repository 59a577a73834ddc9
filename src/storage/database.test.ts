import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { migrate, parseInt8 } from './database.ts';
import { migrations } from './migrations/index.ts';

describe('parseInt8', () => {
  it('returns safe integers as numbers and refuses the rest', () => {
    expect(parseInt8('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => parseInt8('9007199254740993')).toThrow(RangeError);
  });
});

describeEachDatabase('database', (ctx) => {
  it('has run every migration, and running again does nothing', async () => {
    const done = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(ctx.db);
    expect(done.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
    expect(await migrate(ctx.db)).toEqual([]);
  });

  it('reads bigint as number, date as string, text[] as array', async () => {
    const org = await ctx.db
      .insertInto('organisations')
      .values({
        uscc: '91310117000000000A',
        name: '测试',
        kind: 'enterprise',
        city: 'songjiang',
        district: null,
        centre_origin_city: null,
        sectors: ['ai'],
      })
      .returning(['id', 'sectors', 'licences'])
      .executeTakeFirstOrThrow();
    expect(org.sectors).toEqual(['ai']);
    expect(org.licences).toEqual([]);
    await ctx.db
      .insertInto('organisation_figures')
      .values({ organisation_id: org.id, year: 2025, revenue: 2 ** 53 - 1, rd_expense: 1, employees: 10 })
      .execute();
    await ctx.db
      .insertInto('organisation_qualifications')
      .values({ organisation_id: org.id, code: 'high_tech', valid_from: '2024-02-29', valid_to: null })
      .execute();
    const fig = await ctx.db
      .selectFrom('organisation_figures')
      .selectAll()
      .where('organisation_id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(fig.revenue).toBe(2 ** 53 - 1);
    const q = await ctx.db
      .selectFrom('organisation_qualifications')
      .selectAll()
      .where('organisation_id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(q.valid_from).toBe('2024-02-29');
  });

  it('rolls a failed transaction back completely', async () => {
    await expect(
      ctx.db.transaction().execute(async (tx) => {
        await tx
          .insertInto('organisations')
          .values({
            uscc: '91310117000000001B',
            name: 'a',
            kind: 'enterprise',
            city: 'songjiang',
            district: null,
            centre_origin_city: null,
          })
          .execute();
        throw new Error('crash mid-write');
      }),
    ).rejects.toThrow('crash mid-write');
    const n = await ctx.db
      .selectFrom('organisations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('uscc', '=', '91310117000000001B')
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
  });
});
