/** Projects: the winner sees its own, officers and auditors every one (by list or problem). */
import { ChallengeProjectRepository } from '../../storage/repositories/challenges/projects.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ChallengeContext, isStaff } from './context.ts';
import { projectView, readableProject } from './project-steps.ts';
import type { ProjectView } from './views.ts';

export async function getProject(ctx: ChallengeContext, user: SessionUser, id: string): Promise<ProjectView> {
  await readableProject(ctx, ctx.db, user, id);
  return projectView(ctx, ctx.db, id);
}

export async function listProjects(
  ctx: ChallengeContext,
  user: SessionUser,
  q: { listId?: string; problemId?: string },
): Promise<ProjectView[]> {
  const repo = new ChallengeProjectRepository(ctx.db);
  const organisationId = isStaff(user)
    ? undefined
    : (user.organisationId ?? '00000000-0000-0000-0000-000000000000');
  const rows = await repo.projectsOf({ ...q, organisationId });
  return Promise.all(rows.map((r) => projectView(ctx, ctx.db, r.id)));
}
