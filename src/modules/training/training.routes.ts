import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app/context.ts';
import { actorOf } from '../../http/auth.ts';
import { getProject, listProjects } from './training.service.ts';

export function trainingRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/projects', {
    config: { access: ['province_admin', 'city_officer', 'department_officer', 'institution_staff', 'worker'] },
    schema: { tags: ['training'], summary: '培训项目 / projects in the caller’s scope', querystring: z.object({ city: z.string().optional() }) },
  }, async (req) => listProjects(ctx.db, actorOf(req), req.query));
  r.get('/api/projects/:code', {
    config: { access: ['province_admin', 'city_officer', 'department_officer', 'institution_staff'] },
    schema: { tags: ['training'], summary: '项目详情 / a project with its sessions', params: z.object({ code: z.string() }) },
  }, async (req) => getProject(ctx.db, actorOf(req), req.params.code));
}
