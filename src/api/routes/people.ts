/**
 * Who is who, so screens show people rather than account names: the display name and role of each
 * account. Officers see the platform's staff; auditors and administrators (who read the whole audit
 * trail) see every account. Enterprise users get nothing here.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES, STAFF_ROLES } from '../../service/auth/types.ts';
import { UserRepository } from '../../storage/repositories/users.ts';
import { allow } from '../access.ts';
import type { ApiContext } from '../context.ts';

export function peopleRoutes(root: FastifyInstance, ctx: ApiContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/people',
    {
      ...allow(STAFF_ROLES),
      schema: {
        tags: ['auth'],
        summary: '人员名称 Display names and roles of accounts (officers: staff; auditors, admins: all)',
        response: {
          200: z.object({
            items: z.array(
              z.object({ id: z.uuid(), username: z.string(), displayName: z.string(), role: z.enum(ROLES) }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      const everyone = user.role === 'admin' || user.role === 'auditor';
      const rows = await new UserRepository(ctx.db).list();
      return {
        items: rows
          .filter((r) => everyone || r.role !== 'enterprise')
          .map((r) => ({ id: r.id, username: r.username, displayName: r.display_name, role: r.role })),
      };
    },
  );
}
