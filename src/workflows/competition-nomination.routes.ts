import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/auth.ts';
import type { AppContext } from '../kernel/context.ts';
import { nominateWinner } from './competition-nomination.ts';

/** 竞赛获奖者推荐为江苏工匠 (docs/field-activities.md § Competitions). */
export function competitionNominationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/competitions/:id/entries/:entryId/nominate',
    {
      config: { access: ['province_admin', 'city_officer', 'department_officer'] },
      schema: {
        tags: ['field'],
        summary: '获奖选手推荐为江苏工匠 / nominate a prize-winner as 江苏工匠',
        params: z.object({ id: z.string().max(64), entryId: z.string().max(64) }),
        response: { 201: z.object({ id: z.string(), status: z.enum(['nominated', 'selected', 'rejected']) }) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await nominateWinner(ctx.db, actorOf(req), req.params.id, req.params.entryId)),
  );
}
