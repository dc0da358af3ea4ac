import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app/context.ts';
import { cityScope } from '../../kernel/auth.ts';
import { actorOf } from '../../http/auth.ts';
import { explainReason } from './reasons.ts';
import { listPolicies } from './policy.repo.ts';

export function subsidyRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/decisions', {
    config: { access: ['province_admin', 'city_officer', 'worker'] },
    schema: { tags: ['subsidy'], summary: '补贴决定 / subsidy decisions (scoped), each reason in plain words', querystring: z.object({ decision: z.enum(['approved', 'rejected', 'review']).optional(), limit: z.coerce.number().int().min(1).max(1000).optional() }) },
  }, async (req) => {
    const a = actorOf(req);
    const rows = await ctx.db.query<Record<string, unknown> & { reasons: string[] }>(
      `SELECT d.application_id, d.type, d.applied_on, d.certificate_no, d.project_code, d.decision, d.amount_fen, d.reasons, d.policy_version,
              d.city_code, c.name AS city_name, p.name AS person_name, p.id_masked
       FROM decisions d JOIN persons p ON p.person_key = d.person_key LEFT JOIN cities c ON c.code = d.city_code
       WHERE ($1::text IS NULL OR d.city_code = $1) AND ($2::text IS NULL OR d.person_key = $2) AND ($3::text IS NULL OR d.decision = $3)
       ORDER BY d.application_id LIMIT $4`,
      [cityScope(a), a.role === 'worker' ? a.personKey : null, req.query.decision ?? null, req.query.limit ?? 200],
    );
    return rows.map((row) => ({ ...row, reasons: row.reasons.map(explainReason) }));
  });
  r.get('/api/policies', { config: { access: 'public' }, schema: { tags: ['subsidy'], summary: '补贴政策版本 / policy versions (published)' } }, async () => listPolicies(ctx.db));
}
