import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../kernel/context.ts';
import { latestAuditEntries, verifyAuditChain } from './audit.service.ts';
import { ZAuditLogEntry, ZChainReport } from './audit.schema.ts';

export function auditRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/audit/verify',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['audit'],
        summary: '校验审计链 / verify the audit hash chain',
        response: { 200: ZChainReport },
      },
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
        response: { 200: z.array(ZAuditLogEntry) },
      },
    },
    async (req) => latestAuditEntries(ctx.db, req.query.limit),
  );
}
