import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../kernel/context.ts';
import { verifyAuditChain } from './audit.service.ts';

export function auditRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/audit/verify',
    {
      config: { access: ['province_admin'] },
      schema: { tags: ['audit'], summary: '校验审计链 / verify the audit hash chain' },
    },
    async () => verifyAuditChain(ctx.db),
  );
  r.get(
    '/api/audit',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['audit'],
        summary: '审计日志 / audit log, newest first',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).optional() }),
      },
    },
    async (req) =>
      ctx.db.query('SELECT seq, at, actor, action, entity, entity_id, hash FROM audit_log ORDER BY seq DESC LIMIT $1', [
        req.query.limit ?? 100,
      ]),
  );
}
