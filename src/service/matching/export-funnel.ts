/**
 * The funnel as a spreadsheet for officers: .xlsx (or CSV with a BOM), one row per period (and city)
 * and a total row, amounts in 元 as exact decimal text from fen, conversion rates as percentages. The
 * export is audited like every export.
 */
import type { Writable } from 'node:stream';
import { fenToInput, formatRate } from '../../core/money.ts';
import { type ExportFormat, sinkFor } from '../../screening/export.ts';
import type { SessionUser } from '../auth/types.ts';
import type { MatchingContext } from './context.ts';
import { type FunnelQuery, readFunnel } from './read-funnel.ts';

export const FUNNEL_HEADER = [
  '期间',
  '城市',
  '发榜数',
  '匹配数',
  '对接数',
  '签约数',
  '技术合同金额（元）',
  '立项获支持数',
  '匹配/发榜',
  '对接/匹配',
  '签约/对接',
  '获支持/签约',
];

export async function exportFunnel(
  ctx: MatchingContext,
  user: SessionUser,
  q: FunnelQuery,
  format: ExportFormat,
  out: Writable,
): Promise<void> {
  const f = await readFunnel(ctx, user, q);
  const cityName = new Map(ctx.engine.catalogue.reference.cities.map((c) => [c.code, c.zh]));
  const rate = (bp: number | null) => (bp === null ? '' : formatRate(bp));
  const sink = await sinkFor(format, out, FUNNEL_HEADER, '双向发榜漏斗');
  await sink.rows(
    [...f.rows, f.total].map((r, i, all) => [
      i === all.length - 1 ? `合计 ${r.period}` : r.period,
      r.city ? (cityName.get(r.city) ?? r.city) : '全部',
      r.listings,
      r.matches,
      r.contacts,
      r.contracts,
      fenToInput(r.contractAmount, 'yuan'),
      r.funded,
      rate(r.conversion.matches),
      rate(r.conversion.contacts),
      rate(r.conversion.contracts),
      rate(r.conversion.funded),
    ]),
  );
  await sink.close();
  await ctx.db
    .transaction()
    .execute((tx) =>
      ctx.record(tx, user, 'matching.funnel.export', `matching_funnel:${q.from}..${q.to}`, { format, ...q }),
    );
}
