/**
 * The mechanism behind an application ended its matter before the case was decided (a 揭榜挂帅 team
 * dropped at the 赛马 down-select: 000·二 / 001·二 fund the teams kept, "根据项目投入，分阶段给予"). The
 * undecided case (draft … recommended) is closed as withdrawn with the workflow's `end_matter` step — a
 * decision row and an audit entry with the reason and the clause — inside the caller's transaction, so
 * it can never be approved and no money is committed that nothing will pay. A case already decided is
 * left as it is (null): its commitment is the caller's to release through the ledger.
 */
import { type ApplicationState, UNDECIDED } from '../../core/workflow.ts';
import { lockApplication } from '../../storage/repositories/applications.ts';
import type { Tx } from '../../storage/schema.ts';
import type { CaseContext } from './case-context.ts';
import type { Actor } from './ports.ts';
import { transitionIn } from './transition.ts';
import type { ApplicationView } from './views.ts';

export async function endMatterIn(
  ctx: CaseContext,
  tx: Tx,
  actor: Actor,
  id: string,
  ended: { reason: string; clause: string; subject: string },
): Promise<{ from: ApplicationState; application: ApplicationView } | null> {
  const app = await lockApplication(tx, id);
  if (!app || !UNDECIDED.includes(app.state)) return null;
  const application = await transitionIn(
    ctx,
    tx,
    { matterEnded: true },
    id,
    actor,
    'end_matter',
    { reason: ended.reason },
    async () => ({ detail: { clause: ended.clause, matterEndedBy: ended.subject } }),
  );
  return { from: app.state, application };
}
