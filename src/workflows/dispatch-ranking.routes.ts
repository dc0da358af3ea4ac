import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/auth.ts';
import type { AppContext } from '../kernel/context.ts';
import { publicRatings } from '../modules/integrity/index.ts';
import { listInstitutions } from '../modules/registry/index.ts';
import { dispatchCandidates } from './dispatch-ranking.ts';
import { ZDispatchCandidate } from './dispatch-ranking.schema.ts';

/**
 * Credit and stars at work: the dispatch form's ranked candidates (officials) and the public part of
 * every rating for the institution directory (stars and credit grade, never the evidence).
 */
export function dispatchRankingRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/dispatch/candidates',
    {
      config: { access: ['city_officer', 'province_admin'] },
      schema: {
        tags: ['training'],
        summary: '派单候选机构：按星级、信用、余量、距离排序并说明理由 / ranked institutions for a dispatch, with why',
        querystring: z.object({
          city: z.string().max(12).optional(),
          occupation: z.string().max(40).optional(),
          trainees: z.coerce.number().int().min(1).max(500).optional(),
        }),
        response: { 200: z.array(ZDispatchCandidate) },
      },
    },
    async (req) => dispatchCandidates(ctx.db, actorOf(req), req.query),
  );
  r.get(
    '/api/public/institution-ratings',
    {
      config: { access: 'public' },
      schema: {
        tags: ['registry'],
        summary: '机构星级与信用等级（公开）/ stars and credit grade of every directory institution',
        response: {
          200: z.array(
            z
              .object({
                credit_code: z.string(),
                stars: z.number().nullable(),
                credit_grade: z.enum(['A', 'B', 'C', 'D']),
              })
              .meta({ id: 'PublicInstitutionRating' }),
          ),
        },
      },
    },
    async () => {
      const codes = (await listInstitutions(ctx.db, {})).map((i) => i.credit_code);
      const ratings = await publicRatings(ctx.db, codes);
      return codes.flatMap((code) => {
        const rating = ratings.get(code);
        return rating ? [{ credit_code: code, stars: rating.stars, credit_grade: rating.creditGrade }] : [];
      });
    },
  );
}
