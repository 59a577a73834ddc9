/**
 * What a 免申即享 / 快申快享 notice says, shared by 我的申报 and the notice's own page: the amount (the
 * engine's range as 最高可获, the sum when the text fixes it, or the text's cap when only an application
 * can work it out), the data it was worked out from (figure, year, amount, source) and — for a 快申快享
 * notice — what keeps it from being 免申即享: a figure not filed, a reviewer's judgement, a project only
 * the organisation can describe, or tiers the implementing rules have yet to set.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { NoticeView } from '../../../screening/views.ts';
import type { ApplicationView } from '../../../service/applications/views.ts';
import { api } from '../../api.ts';
import { makeLabeller, useCatalogue } from '../../catalogue-data.tsx';
import { Ceiling, Money } from '../../components/money.tsx';
import { useI18n } from '../../i18n/index.ts';

/** A notice as GET /api/inbox answers it (the route adds its id and the measure's matter type). */
export type Notice = NoticeView & { id: string; matterType: string | null };

export function NoticeAmount({ n }: { n: Notice }) {
  if (n.amount) return <Ceiling range={n.amount} exact={n.exact} testId="notice-amount" />;
  if (n.cap !== null)
    return (
      <span data-testid="notice-cap">
        <CapText cap={n.cap} />
      </span>
    );
  return <span className="muted">—</span>;
}

/** "文本上限 最高 N 万元（须申报后测算）": the figure rendered as money inside the sentence. */
function CapText({ cap }: { cap: number }) {
  const { t } = useI18n('applications');
  return (
    <span>
      {t('inbox.textCap')} <Money fen={cap} />
      {t('inbox.textCapAfter')}
    </span>
  );
}

/** The filed figures the amount rests on, one line each: figure (year) amount, source. */
export function NoticeFigures({ n }: { n: Notice }) {
  const { t, lang } = useI18n('applications');
  const cat = useCatalogue();
  const label = makeLabeller(cat.data?.reference, lang);
  const figures = n.basis?.figures ?? [];
  if (figures.length === 0) return null;
  return (
    <ul className="plain-list" data-testid="notice-figures">
      {figures.map((f) => (
        <li key={`${f.figure}|${f.year}`} data-figure={f.figure} data-year={f.year}>
          {label('figures', f.figure)}（{f.year}）<Money fen={f.amount} exact />
          {lang === 'zh' ? '，' : ', '}
          {t('inbox.colSource')}
          {lang === 'zh' ? '：' : ': '}
          {f.source}
        </li>
      ))}
    </ul>
  );
}

/** Why a 快申快享 notice is not 免申即享, in the organisation's words; empty for 免申即享. */
export function useInvitationReasons(n: Notice): string[] {
  const { t, pick, lang } = useI18n('applications');
  const cat = useCatalogue();
  const label = makeLabeller(cat.data?.reference, lang);
  if (n.mode !== 'invitation') return [];
  const sep = lang === 'zh' ? '、' : ', ';
  const b = n.basis;
  if (!b) return [t('inbox.project')];
  const out: string[] = [];
  if (b.missing.length > 0)
    out.push(
      t('inbox.missing', {
        year: b.year ?? '—',
        figures: b.missing.map((f) => label('figures', f)).join(sep),
      }),
    );
  if (b.judgement.length > 0)
    out.push(t('inbox.judgement', { claims: b.judgement.map((c) => label('claims', c)).join(sep) }));
  if (b.pending.length > 0) out.push(t('inbox.pending', { texts: b.pending.map(pick).join(sep) }));
  return out;
}

export function InvitationReasons({ n }: { n: Notice }) {
  const reasons = useInvitationReasons(n);
  if (reasons.length === 0) return null;
  return (
    <ul className="plain-list" data-testid="notice-why">
      {reasons.map((r) => (
        <li key={r}>{r}</li>
      ))}
    </ul>
  );
}

/**
 * Confirm or dismiss a notice: confirming a 免申即享 notice makes the application in one step (and
 * opens it); a 快申快享 notice opens the self-check for the measure's matter.
 */
export function useNoticeAction(onDone: () => void) {
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function act(n: Notice, what: 'confirm' | 'dismiss') {
    setBusy(n.id);
    setError(null);
    try {
      const r = await api<{ kind?: string; application?: ApplicationView; matterType?: string | null }>(
        'POST',
        `/api/inbox/${encodeURIComponent(n.id)}/${what}`,
      );
      if (what === 'confirm' && r.kind === 'application' && r.application) {
        navigate(`/applications/${r.application.id}?created=1`);
        return;
      }
      if (what === 'confirm' && r.kind === 'invitation') {
        navigate(`/check?${new URLSearchParams({ matterType: r.matterType ?? '', measure: n.measureId })}`);
        return;
      }
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }
  return { act, busy, error };
}
