/**
 * The public notices (公示) anyone may read: who is to receive how much under which measure, and the
 * window in which to object. Built only from the columns a notice publishes (public-notices.ts).
 */
import { CeyuanError } from '../../core/errors.ts';
import { findNotice, listNotices, type NoticeRow } from '../../storage/repositories/public-notices.ts';
import type { PublicDeps } from './service.ts';

export interface PublicNotice {
  id: string;
  title: string;
  organisationName: string;
  measureId: string;
  documentCode: string;
  /** The approved amount in fen, as published. */
  amount: number | null;
  startsOn: string;
  endsOn: string;
  /** open: objections are taken today; closed: the window has passed or the notice was closed. */
  status: 'open' | 'closed';
}

export function toPublicNotice(r: NoticeRow, today: string): PublicNotice {
  const open = r.state === 'in_notice' && today >= r.notice_starts_on && today <= r.notice_ends_on;
  return {
    id: r.id,
    title: r.title,
    organisationName: r.organisation_name,
    measureId: r.measure_id,
    documentCode: r.document_code,
    amount: r.approved_amount === null ? null : Number(r.approved_amount),
    startsOn: r.notice_starts_on,
    endsOn: r.notice_ends_on,
    status: open ? 'open' : 'closed',
  };
}

export const noticeNotFound = () =>
  new CeyuanError('NOT_FOUND', { zh: '未找到该公示', en: 'no such public notice' });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function readNotices(
  deps: PublicDeps,
  f: { open?: boolean; limit: number; offset: number },
): Promise<{ items: PublicNotice[]; total: number }> {
  const today = deps.today();
  const { rows, total } = await listNotices(deps.db, { ...f, today });
  return { items: rows.map((r) => toPublicNotice(r, today)), total };
}

export async function readNotice(deps: PublicDeps, id: string): Promise<PublicNotice> {
  if (!UUID.test(id)) throw noticeNotFound();
  const row = await findNotice(deps.db, id);
  if (!row) throw noticeNotFound();
  return toPublicNotice(row, deps.today());
}
