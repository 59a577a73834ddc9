/**
 * Officers' lists as spreadsheets (.xlsx, or CSV with a BOM): the holders of a kind on a day, the
 * qualifications running out within N days, a pool's candidates with their distance per criterion,
 * and the ladder's year-end counts. Cells go through src/core/spreadsheet.ts (a name starting with
 * “=” cannot become a formula). Every export is audited, like every export of the platform.
 */
import type { Writable } from 'node:stream';
import type { IsoDate } from '../../core/dates.ts';
import { type ExportFormat, sinkFor } from '../../screening/export.ts';
import type { SessionUser } from '../auth/types.ts';
import type { QualificationContext } from './context.ts';
import { findCandidates } from './find-candidates.ts';
import { type ExpiringQuery, listExpiring } from './list-expiring.ts';
import { readLadder } from './read-ladder.ts';
import { readHolders } from './read-ledger.ts';

const EXPORT_MAX = 100_000;
const LEVEL_ZH: Record<string, string> = { national: '国家级', municipal: '市级', district: '区级' };
const level = (l: string | null) => (l ? (LEVEL_ZH[l] ?? l) : '');

export type ExportList =
  | { list: 'holders'; kind: string; date?: IsoDate; city?: string | null; level?: string | null }
  | ({ list: 'expiring' } & Omit<ExpiringQuery, 'limit' | 'offset'>)
  | { list: 'candidates'; poolId: string; date?: IsoDate }
  | { list: 'ladder'; ladder?: string; fromYear?: number; date?: IsoDate; city?: string | null };

export async function exportList(
  ctx: QualificationContext,
  user: SessionUser,
  q: ExportList,
  format: ExportFormat,
  out: Writable,
): Promise<{ rows: number }> {
  let header: string[];
  let rows: (string | number | boolean)[][];
  let sheet: string;
  if (q.list === 'holders') {
    const r = await readHolders(ctx, user, { ...q, limit: 500, offset: 0 });
    const all = [...r.items];
    for (let offset = 500; offset < Math.min(r.total, EXPORT_MAX); offset += 500)
      all.push(...(await readHolders(ctx, user, { ...q, date: r.date, limit: 500, offset })).items);
    header = [
      '统一社会信用代码',
      '名称',
      '城市',
      '资质',
      '级别',
      '证书编号',
      '发证机关',
      '认定日期',
      '有效期至',
      '首次达标日期',
    ];
    rows = all.map((i) => [
      i.uscc,
      i.name,
      i.city,
      i.title.zh,
      level(i.level),
      i.certificateNo ?? '',
      i.issuer ?? '',
      i.grantedOn,
      i.validTo ?? '长期',
      i.firstReached ?? '',
    ]);
    sheet = `持有名单 ${r.date}`;
  } else if (q.list === 'expiring') {
    const { list: _l, ...query } = q;
    const r = await listExpiring(ctx, user, { ...query, limit: EXPORT_MAX, offset: 0 });
    header = [
      '统一社会信用代码',
      '名称',
      '城市',
      '资质',
      '级别',
      '证书编号',
      '认定日期',
      '有效期至',
      '剩余天数',
      '已续期',
      '服务专员',
    ];
    rows = r.items.map((i) => [
      i.uscc,
      i.name,
      i.city,
      i.title.zh,
      level(i.level),
      i.certificateNo ?? '',
      i.grantedOn,
      i.lastDay,
      i.daysLeft,
      i.renewed ? '是' : '否',
      i.officers.map((o) => o.name).join('、'),
    ]);
    sheet = `${r.within}天内到期`;
  } else if (q.list === 'candidates') {
    const r = await findCandidates(ctx, user, q.poolId, { date: q.date, limit: 500, offset: 0 });
    header = ['统一社会信用代码', '名称', '城市', '未达条件数', '各条件差距', '已入库'];
    rows = r.items.map((i) => [
      i.uscc,
      i.name,
      i.city,
      i.unmet,
      i.distance.map((d) => d.text.zh).join('；'),
      i.member ? '是' : '否',
    ]);
    sheet = '培育库候选';
  } else {
    const r = await readLadder(ctx, user, q);
    header = ['日期', ...r.steps.map((s) => s.label.zh), '合计'];
    rows = r.funnel.map((p) => [p.date, ...p.counts, p.total]);
    sheet = `梯度 ${r.ladder.label.zh}`.slice(0, 31);
  }
  const sink = await sinkFor(format, out, header, sheet.slice(0, 31));
  await sink.rows(rows);
  await sink.close();
  await ctx.db.transaction().execute((tx) =>
    ctx.record(tx, user.username, 'qualification.export', `qualification_list:${q.list}`, {
      format,
      rows: rows.length,
      ...q,
    }),
  );
  return { rows: rows.length };
}
