/**
 * What the officer's desk (区科委/科创办) and the judge's scoring sheet share: the shapes the 揭榜挂帅 API
 * answers with (src/api/routes/challenges-schemas.ts), its reference data (GET /api/challenges/reference:
 * every state's and action's label — labels of codes come from there, never from the dictionaries),
 * a state tag, and who may act (officers act, the auditor reads, approvers and admins also pay).
 */
import { Tag } from 'antd';
import { useState } from 'react';
import type { FieldValues } from 'react-hook-form';
import type { ListDetail } from '../../../service/challenges/read-lists.ts';
import type { RankingView } from '../../../service/challenges/read-ranking.ts';
import type { BidView, ListView, ProblemView, ProjectView } from '../../../service/challenges/views.ts';
import { ApiError, useApi } from '../../api.ts';
import { applyIssues, type FormApi } from '../../components/form.tsx';
import { useI18n } from '../../i18n/index.ts';
import { useSession } from '../../session.tsx';

export type { BidView, ListDetail, ListView, ProblemView, ProjectView, RankingView };

export interface Text {
  zh: string;
  en: string;
}

export interface JudgeView {
  userId: string;
  username: string;
  displayName: string;
  kind: 'expert' | 'poser';
  blocked: boolean;
  conflicts: { organisationId: string; role: string; reason: string; text: Text }[];
}

export interface Sheet {
  bidId: string;
  scores: Record<string, number>;
  comment: string | null;
  scoredAt: string;
}

/** GET /api/challenges/judging */
export interface Panels {
  items: { problem: ProblemView; blocked: boolean; conflicts: JudgeView['conflicts']; sheets: Sheet[] }[];
  declarations: { organisationId: string; note: string }[];
}

type Machine = 'list' | 'problem' | 'bid' | 'project' | 'milestone';

/** GET /api/challenges/reference */
export interface ChallengeReference {
  bases: {
    measureId: string;
    list: string;
    name: Text;
    citation: Text;
    quote: string;
    draft: boolean;
    eligibility: Text;
  }[];
  stageRelease: { quote: string } & Text;
  judging: {
    platformDefault: boolean;
    note: Text;
    scoreMax: number;
    quorum: number;
    criteria: { code: string; weight: number; label: Text }[];
    tieBreaks: { code: string; label: Text }[];
  };
  machines: Record<
    Machine,
    { noun: Text; states: { code: string; label: Text }[]; actions: { code: string; label: Text }[] }
  >;
}

export function useChallengeReference() {
  return useApi<ChallengeReference>('/api/challenges/reference');
}

/** Labels of states, actions and tie-breaks from the reference, in the chosen language. */
export function useChallengeLabels(ref: ChallengeReference | null) {
  const { pick } = useI18n();
  const find = (list: { code: string; label: Text }[] | undefined, code: string) => {
    const hit = list?.find((x) => x.code === code);
    return hit ? pick(hit.label) : code;
  };
  return {
    state: (machine: Machine, code: string) => find(ref?.machines[machine]?.states, code),
    action: (machine: Machine, code: string) => find(ref?.machines[machine]?.actions, code),
    tieBreak: (code: string) => find(ref?.judging.tieBreaks, code),
  };
}
export type ChallengeLabels = ReturnType<typeof useChallengeLabels>;

/** Solid colours with white text (Ant Design's light tags fail WCAG AA contrast). */
const COLOURS: Record<string, string> = {
  draft: '#595959',
  published: '#0b5cad',
  submitted: '#0b5cad',
  accepted: '#237804',
  listed: '#0b5cad',
  judging: '#ad4e00',
  awarded: '#237804',
  racing: '#ad4e00',
  no_award: '#595959',
  conditional: '#ad4e00',
  failed: '#a8071a',
  rejected: '#a8071a',
  returned: '#ad4e00',
  active: '#0b5cad',
  completed: '#237804',
  pending: '#595959',
  stopped: '#a8071a',
};

export function StateTag({
  machine,
  state,
  labels,
}: {
  machine: Machine;
  state: string;
  labels: ChallengeLabels;
}) {
  return (
    <Tag color={COLOURS[state] ?? '#595959'} data-state={state}>
      {labels.state(machine, state)}
    </Tag>
  );
}

/** Who may do what on the desk: officers act; approvers and admins also schedule and pay; the auditor reads. */
export function useDeskRole() {
  const { user } = useSession();
  const role = user?.role;
  return {
    officer: role === 'reviewer' || role === 'approver' || role === 'admin',
    payer: role === 'approver' || role === 'admin',
    auditor: role === 'auditor',
  };
}

/** The public page of a problem (公示 of the award: winners by name, never the scores). */
export const publicProblemPath = (id: string) => `/challenges/problems/${id}`;
/** Application states with a public notice (公示): as NOTICED_STATES in storage/repositories/public-notices.ts. */
const NOTICED = ['in_notice', 'notice_closed', 'scheduled', 'paying', 'paid', 'closed'];

/** The public notice (公示) of a winner's application, once it has one (a notice's id is its application's). */
export function noticePath(project: Pick<ProjectView, 'applicationId' | 'release'>): string | null {
  return project.applicationId && NOTICED.includes(project.release.applicationState ?? '')
    ? `/notices/${project.applicationId}`
    : null;
}

/**
 * One request behind a button or a form: busy while it runs, the refusal kept to show beside it; with a
 * form, the server's issues land under their fields (and only what no field shows stays as the error).
 */
export function useAction<T extends FieldValues>(form?: FormApi<T>) {
  const { lang } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (send: () => Promise<unknown>, done?: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await send();
      done?.();
    } catch (e) {
      if (form && e instanceof ApiError && e.issues.length > 0) {
        if (applyIssues(form, e.issues, lang).length > 0) setError(e);
      } else setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

/** A problem's technical need and its 验收指标, as items of a facts list (the desk and the scoring sheet). */
export function needItems(
  p: Pick<ProblemView, 'need' | 'indicators'>,
  t: (key: 'challengeDesk.need' | 'challengeDesk.indicators') => string,
) {
  return [
    { key: 'need', label: t('challengeDesk.need'), children: <span className="pre-line">{p.need}</span> },
    {
      key: 'indicators',
      label: t('challengeDesk.indicators'),
      children: (
        <ul className="plain-list">
          {p.indicators.map((i) => (
            <li key={`${i.name}-${i.target}`}>
              {i.name}：{i.target}
            </li>
          ))}
        </ul>
      ),
    },
  ];
}
